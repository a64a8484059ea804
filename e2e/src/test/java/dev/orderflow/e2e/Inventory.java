package dev.orderflow.e2e;

import dev.orderflow.contracts.inventory.v1.GetStockRequest;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.contracts.inventory.v1.StockLevel;
import dev.orderflow.contracts.inventory.v1.WatchStockRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The real inventory service over gRPC, as another service of the platform would call it. */
final class Inventory implements AutoCloseable {

    private final ManagedChannel channel;
    private final Metadata headers = new Metadata();
    private final Context.CancellableContext watches = Context.current().withCancellation();

    private Inventory(ManagedChannel channel, String token) {
        this.channel = channel;
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    }

    static Inventory connect(int port, String token) {
        return new Inventory(
                NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build(), token);
    }

    StockLevel level(String sku) {
        return InventoryServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getStock(GetStockRequest.newBuilder().addSkus(sku).build())
                .getLevels(0);
    }

    /** WatchStock: every level the server streams, as it arrives. */
    List<StockLevel> watch(String sku) {
        List<StockLevel> levels = new CopyOnWriteArrayList<>();
        watches.run(() -> InventoryServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .watchStock(WatchStockRequest.newBuilder().addSkus(sku).build(), new StreamObserver<>() {
                    public void onNext(StockLevel level) {
                        levels.add(level);
                    }

                    public void onError(Throwable t) {}

                    public void onCompleted() {}
                }));
        return levels;
    }

    @Override
    public void close() throws InterruptedException {
        watches.cancel(null);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
