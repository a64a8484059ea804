package dev.orderflow.analytics.query;

import dev.orderflow.analytics.query.Views.DailySales;
import dev.orderflow.analytics.query.Views.OrderUpdate;
import dev.orderflow.analytics.readmodel.Changes;
import graphql.schema.DataFetchingEnvironment;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Live changes over graphql-transport-ws, fed by what the read model commits. */
@Controller
class SubscriptionController {

    private final Changes changes;
    private final OrderViews orders;
    private final SalesViews sales;

    SubscriptionController(Changes changes, OrderViews orders, SalesViews sales) {
        this.changes = changes;
        this.orders = orders;
        this.sales = sales;
    }

    record OrderUpdateFilter(UUID orderId, String customer, List<String> status) {}

    /**
     * Each update carries the order as the read model has it after the change, read with the update
     * (off the feed's thread) and only when the subscription selects it.
     */
    @SubscriptionMapping
    Flux<OrderUpdate> orderUpdates(@Argument OrderUpdateFilter filter, DataFetchingEnvironment env) {
        boolean withOrder = env.getSelectionSet().contains("order");
        return changes.orders()
                .filter(change -> filter == null
                        || ((filter.orderId() == null || filter.orderId().equals(change.orderId()))
                                && (filter.customer() == null
                                        || filter.customer().equals(change.customerId()))
                                && (filter.status() == null || filter.status().contains(change.status()))))
                // Off the read model's thread: reading a subscriber's order never holds up the feed.
                .publishOn(Schedulers.boundedElastic())
                .map(change -> new OrderUpdate(
                        change.orderId(),
                        change.eventType(),
                        change.version(),
                        change.status(),
                        change.at().atOffset(ZoneOffset.UTC),
                        withOrder ? orders.find(change.orderId()).orElse(null) : null));
    }

    @SubscriptionMapping
    Flux<DailySales> salesTicker() {
        return changes.sales()
                .filter(change -> change.currency() != null)
                .publishOn(Schedulers.boundedElastic())
                .concatMap(change -> Flux.fromIterable(sales.day(change.day(), change.currency())));
    }
}
