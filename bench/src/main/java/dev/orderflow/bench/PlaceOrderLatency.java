package dev.orderflow.bench;

import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * POST /api/orders latency against a running platform (./orderflow up): each order reserves stock
 * and quotes shipping over gRPC, then commits. Usage:
 * {@code ./mvnw -q -pl bench toolchains:select-jdk-toolchain exec:exec -Dbench=PlaceOrderLatency -Dbench.args="8 2000"}
 * (concurrency, orders). Orders are placed for customer "bench" on SKUs with ample stock.
 */
public final class PlaceOrderLatency {

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        // The embedded rate limit is 1,200 requests a minute per client: stay under it.
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String identity = System.getProperty("identity", "http://localhost:8081");
        String api = System.getProperty("orders", "http://localhost:8082");
        HttpClient http = HttpClient.newHttpClient();
        String token = token(http, identity, "orderflow-cli", "orderflow-cli-secret", "orders:read orders:write");
        restock(http, identity, "ACC-003", orders + 100);
        var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
        String body = "{\"customer_id\":\"bench\",\"items\":[{\"sku\":\"ACC-003\",\"quantity\":1}],"
                + "\"shipping_address\":{\"name\":\"Bench\",\"line1\":\"1 Rue\",\"city\":\"Lyon\",\"postal_code\":\"69001\",\"country\":\"FR\"}}";
        Latency.measure("POST /api/orders", concurrency, 50, orders, () -> {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(api + "/api/orders"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            statuses.computeIfAbsent(response.statusCode(), c -> new AtomicInteger())
                    .incrementAndGet();
            return response.statusCode() == 201;
        });
        System.out.println("statuses: " + statuses);
    }

    /** Adds units through inventory's ImportStock (client streaming), so the run never runs out. */
    static void restock(HttpClient http, String identity, String sku, long units) throws Exception {
        String token = token(http, identity, "orderflow-orders", "orderflow-orders-secret", "inventory:write");
        var channel = NettyChannelBuilder.forTarget(System.getProperty("inventory", "localhost:9091"))
                .usePlaintext()
                .build();
        var headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        var done = new CompletableFuture<dev.orderflow.contracts.inventory.v1.ImportSummary>();
        var upload = dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .importStock(new StreamObserver<>() {
                    public void onNext(dev.orderflow.contracts.inventory.v1.ImportSummary summary) {
                        done.complete(summary);
                    }

                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    public void onCompleted() {}
                });
        upload.onNext(dev.orderflow.contracts.inventory.v1.StockAdjustment.newBuilder()
                .setSku(sku)
                .setDelta(units)
                .build());
        upload.onCompleted();
        done.get(30, TimeUnit.SECONDS);
        channel.shutdownNow();
    }

    static String token(HttpClient http, String identity, String client, String secret, String scope) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(identity + "/oauth2/token"))
                        .header(
                                "Authorization",
                                "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=client_credentials&scope=" + scope.replace(" ", "+")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("no token: " + response.statusCode() + " " + response.body());
        }
        return m.group(1);
    }
}
