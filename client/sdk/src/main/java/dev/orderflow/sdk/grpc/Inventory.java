package dev.orderflow.sdk.grpc;

import dev.orderflow.contracts.inventory.v1.GetStockRequest;
import dev.orderflow.contracts.inventory.v1.InventoryServiceGrpc;
import dev.orderflow.contracts.inventory.v1.StockLevel;
import dev.orderflow.contracts.inventory.v1.WatchStockRequest;
import dev.orderflow.sdk.auth.TokenSource;
import dev.orderflow.sdk.stream.Listener;
import dev.orderflow.sdk.stream.Reconnecting;
import dev.orderflow.sdk.stream.Subscription;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Inventory over gRPC: stock levels (token scope {@code inventory:read}). Every unary call has a
 * deadline; reads are retried by the channel's retry policy on UNAVAILABLE.
 */
public final class Inventory {

    static final List<String> RETRIED = List.of("orderflow.inventory.v1.InventoryService/GetStock");

    private final InventoryServiceGrpc.InventoryServiceBlockingStub blocking;
    private final InventoryServiceGrpc.InventoryServiceStub async;
    private final Duration deadline;
    private final ScheduledExecutorService scheduler;

    public Inventory(
            ManagedChannel channel, TokenSource tokens, Duration deadline, ScheduledExecutorService scheduler) {
        var credentials = new BearerCredentials(tokens);
        this.blocking = InventoryServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        this.async = InventoryServiceGrpc.newStub(channel).withCallCredentials(credentials);
        this.deadline = deadline;
        this.scheduler = scheduler;
    }

    /** The current level of each SKU (1 to 100). */
    public List<StockLevel> stock(List<String> skus) {
        return blocking.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .getStock(GetStockRequest.newBuilder().addAllSkus(skus).build())
                .getLevelsList();
    }

    /**
     * The current levels, then every change, until closed. After a disconnect it reconnects by
     * itself; the server sends the current levels again first, so nothing is missed (a level seen
     * twice is the same level).
     */
    public Subscription watch(List<String> skus, Listener<StockLevel> listener) {
        var request = WatchStockRequest.newBuilder().addAllSkus(skus).build();
        return new Reconnecting<StockLevel>(
                        connection -> GrpcStreams.open(connection, observer -> async.watchStock(request, observer)),
                        listener,
                        scheduler,
                        GrpcStreams::retryable,
                        10)
                .start();
    }
}
