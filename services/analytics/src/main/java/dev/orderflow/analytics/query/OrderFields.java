package dev.orderflow.analytics.query;

import dev.orderflow.analytics.query.Views.CustomerView;
import dev.orderflow.analytics.query.Views.ItemView;
import dev.orderflow.analytics.query.Views.OrderView;
import dev.orderflow.analytics.query.Views.RefundView;
import dev.orderflow.analytics.query.Views.TransitionView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The nested fields of orders: their customer, lines (with products), refunds and transitions.
 * With batch loading (the default), each loads for every order of a response with one statement,
 * through Spring for GraphQL's {@code @BatchMapping} (a DataLoader per field). {@link OneByOne} is
 * the same fields without it, one statement per order: the N+1 that batch loading avoids, kept only
 * to measure it ({@code orderflow.analytics.batch-loading=false}; never in production).
 */
final class OrderFields {

    private OrderFields() {}

    @Controller
    @ConditionalOnProperty(
            prefix = "orderflow.analytics",
            name = "batch-loading",
            havingValue = "true",
            matchIfMissing = true)
    static class Batched {

        private final OrderViews views;

        Batched(OrderViews views) {
            this.views = views;
        }

        @BatchMapping(typeName = "Order", field = "customer")
        Map<OrderView, CustomerView> customer(List<OrderView> orders) {
            Map<String, CustomerView> customers = views.customers(
                    orders.stream().map(OrderView::customerId).distinct().toList());
            return byOrder(
                    orders, o -> customers.getOrDefault(o.customerId(), new CustomerView(o.customerId(), 0, null)));
        }

        @BatchMapping(typeName = "Order", field = "items")
        Map<OrderView, List<ItemView>> items(List<OrderView> orders) {
            Map<UUID, List<ItemView>> items = views.items(ids(orders));
            return byOrder(orders, o -> items.getOrDefault(o.id(), List.of()));
        }

        @BatchMapping(typeName = "Order", field = "refunds")
        Map<OrderView, List<RefundView>> refunds(List<OrderView> orders) {
            Map<UUID, List<RefundView>> refunds = views.refunds(ids(orders));
            return byOrder(orders, o -> refunds.getOrDefault(o.id(), List.of()));
        }

        @BatchMapping(typeName = "Order", field = "transitions")
        Map<OrderView, List<TransitionView>> transitions(List<OrderView> orders) {
            Map<UUID, List<TransitionView>> transitions = views.transitions(ids(orders));
            return byOrder(orders, o -> transitions.getOrDefault(o.id(), List.of()));
        }

        private static List<UUID> ids(List<OrderView> orders) {
            return orders.stream().map(OrderView::id).distinct().toList();
        }

        private static <T> Map<OrderView, T> byOrder(List<OrderView> orders, Function<OrderView, T> value) {
            Map<OrderView, T> result = new LinkedHashMap<>();
            orders.forEach(o -> result.put(o, value.apply(o)));
            return result;
        }
    }

    @Controller
    @ConditionalOnProperty(prefix = "orderflow.analytics", name = "batch-loading", havingValue = "false")
    static class OneByOne {

        private final OrderViews views;

        OneByOne(OrderViews views) {
            this.views = views;
        }

        @SchemaMapping(typeName = "Order", field = "customer")
        CustomerView customer(OrderView order) {
            return views.customer(order.customerId()).orElse(new CustomerView(order.customerId(), 0, null));
        }

        @SchemaMapping(typeName = "Order", field = "items")
        List<ItemView> items(OrderView order) {
            return views.items(List.of(order.id())).getOrDefault(order.id(), List.of());
        }

        @SchemaMapping(typeName = "Order", field = "refunds")
        List<RefundView> refunds(OrderView order) {
            return views.refunds(List.of(order.id())).getOrDefault(order.id(), List.of());
        }

        @SchemaMapping(typeName = "Order", field = "transitions")
        List<TransitionView> transitions(OrderView order) {
            return views.transitions(List.of(order.id())).getOrDefault(order.id(), List.of());
        }
    }
}
