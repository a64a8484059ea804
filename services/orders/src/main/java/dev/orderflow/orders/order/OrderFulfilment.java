package dev.orderflow.orders.order;

import dev.orderflow.orders.fulfilment.Carrier;
import dev.orderflow.orders.fulfilment.Stockroom;
import io.grpc.Context;
import io.micrometer.context.ContextExecutorService;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** Reserves stock and quotes shipping for a new order, both at once. */
@Component
class OrderFulfilment implements DisposableBean {

    private final Stockroom stockroom;
    private final Carrier carrier;
    // Each call blocks on the network; virtual threads make waiting cheap.
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    // Each call runs in the gRPC Context of the request that asked for it (its deadline goes along)
    // and in its observation (the calls' spans are children of the request's: one trace).
    private final Executor calls = Context.currentContextExecutor(ContextExecutorService.wrap(threads));

    OrderFulfilment(Stockroom stockroom, Carrier carrier) {
        this.stockroom = stockroom;
        this.carrier = carrier;
    }

    /**
     * Both calls run in parallel and both are waited for, so that when one fails the other has
     * finished too and the caller can clean up after both (release the reservation).
     */
    Order.Fulfilment arrange(String reservationId, List<OrderLine> lines, Address address) {
        List<Stockroom.Line> items = lines.stream()
                .map(l -> new Stockroom.Line(l.sku(), l.quantity()))
                .toList();
        var reserved = CompletableFuture.runAsync(() -> stockroom.reserve(reservationId, items), calls);
        var quoted = CompletableFuture.supplyAsync(
                () -> carrier.quote(address.country(), address.postalCode(), address.city(), items), calls);
        try {
            CompletableFuture.allOf(reserved, quoted).join();
        } catch (CompletionException e) {
            // Stock problems come first: "out of stock" is more useful to the caller than "try later".
            rethrow(reserved);
            rethrow(quoted);
            throw e;
        }
        Carrier.Quote quote = quoted.join();
        return new Order.Fulfilment(reservationId, quote.price(), quote.etaDays(), quote.estimatedDelivery());
    }

    private static void rethrow(CompletableFuture<?> future) {
        if (future.isCompletedExceptionally()) {
            try {
                future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    @Override
    public void destroy() {
        threads.shutdown();
    }
}
