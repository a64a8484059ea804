package dev.orderflow.bench;

import dev.orderflow.contracts.inventory.v1.GetStockRequest;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;

/**
 * GetStock latency over gRPC against a running platform. Usage:
 * {@code ./mvnw -q -pl bench toolchains:select-jdk-toolchain exec:exec -Dbench=GetStockLatency -Dbench.args="8 20000"}
 */
public final class GetStockLatency {

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        String token = PlaceOrderLatency.token(
                HttpClient.newHttpClient(),
                System.getProperty("identity", "http://localhost:8081"),
                "orderflow-orders",
                "orderflow-orders-secret",
                "inventory:write");
        var channel = NettyChannelBuilder.forTarget(System.getProperty("inventory", "localhost:9091"))
                .usePlaintext()
                .build();
        var headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        var stub = InventoryServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        var request = GetStockRequest.newBuilder().addSkus("ACC-001").build();
        try {
            Latency.measure("gRPC GetStock", concurrency, 500, calls, () -> {
                stub.withDeadlineAfter(5, TimeUnit.SECONDS).getStock(request);
                return true;
            });
        } finally {
            channel.shutdownNow();
        }
    }
}
