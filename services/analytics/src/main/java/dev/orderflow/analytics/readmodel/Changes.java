package dev.orderflow.analytics.readmodel;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The changes of orders as they happen (from {@link LiveFeed}, once the read model has them), for
 * GraphQL subscriptions. Best effort, like any live push: a subscriber too slow to keep up loses
 * changes rather than slowing the read model (it can always query the current state). How many
 * subscribers listen is a gauge ({@code analytics.live.subscribers}, by stream, on /actuator/prometheus).
 */
@Component
public class Changes {

    /** An order event, applied. */
    public record OrderChanged(
            UUID orderId, String customerId, String eventType, int version, String status, Instant at) {}

    /** A day's sales in a currency changed (a payment or a refund). */
    public record SalesChanged(LocalDate day, String currency) {}

    private final Sinks.Many<OrderChanged> orders = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<SalesChanged> sales = Sinks.many().multicast().directBestEffort();

    Changes(MeterRegistry meters) {
        Gauge.builder("analytics.live.subscribers", orders, Sinks.Many::currentSubscriberCount)
                .tag("stream", "orderUpdates")
                .description("Subscriptions listening to order updates")
                .register(meters);
        Gauge.builder("analytics.live.subscribers", sales, Sinks.Many::currentSubscriberCount)
                .tag("stream", "salesTicker")
                .description("Subscriptions listening to the sales ticker")
                .register(meters);
    }

    /** Subscriptions listening to order updates now. */
    public int orderSubscribers() {
        return orders.currentSubscriberCount();
    }

    /** Subscriptions listening to the sales ticker now. */
    public int salesSubscribers() {
        return sales.currentSubscriberCount();
    }

    synchronized void orderChanged(OrderChanged change) {
        orders.tryEmitNext(change);
    }

    synchronized void salesChanged(SalesChanged change) {
        sales.tryEmitNext(change);
    }

    public Flux<OrderChanged> orders() {
        return orders.asFlux();
    }

    public Flux<SalesChanged> sales() {
        return sales.asFlux();
    }
}
