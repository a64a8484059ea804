package dev.orderflow.orders.order;

import dev.orderflow.orders.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A change of an order, registered by the {@link Order} as it makes the change and published by
 * {@link Orders} when the change is saved, inside its transaction. Spring Modulith stores it in the
 * event publication registry (the outbox table) in that same transaction and externalizes it to
 * Kafka after the commit ({@code events.OrderEventsConfiguration}).
 *
 * <p>Everything that identifies the event (its id, time and sequence) is fixed here, before the
 * commit, so that a re-publication after a crash sends the very same event and consumers can
 * recognise the duplicate by its id.
 *
 * @param sequence the order's version after the change: 1 when placed, +1 per change
 * @param placed what was ordered; only for {@link Type#PLACED}
 */
public record OrderEvent(
        UUID eventId,
        Type type,
        UUID orderId,
        String customerId,
        int sequence,
        OrderStatus oldStatus,
        OrderStatus newStatus,
        Instant occurredAt,
        Placed placed) {

    /** The CloudEvents {@code type} of each kind of event ({@code contracts/asyncapi/order-events.yaml}). */
    public enum Type {
        PLACED("dev.orderflow.order.placed"),
        STATUS_CHANGED("dev.orderflow.order.status_changed"),
        CANCELLED("dev.orderflow.order.cancelled");

        private final String cloudEventType;

        Type(String cloudEventType) {
            this.cloudEventType = cloudEventType;
        }

        public String cloudEventType() {
            return cloudEventType;
        }
    }

    public record Placed(List<Item> items, Money shipping, Money total) {}

    public record Item(String sku, int quantity, Money unitPrice) {}

    static OrderEvent placed(Order order) {
        var placed = new Placed(
                order.lines().stream()
                        .map(line -> new Item(line.sku(), line.quantity(), line.unitPrice()))
                        .toList(),
                order.fulfilment().shipping(),
                order.total());
        return new OrderEvent(
                UUID.randomUUID(),
                Type.PLACED,
                order.id(),
                order.customerId(),
                order.version(),
                null,
                order.status(),
                order.updatedAt(),
                placed);
    }

    /** The order moved from {@code from} to its current status (cancellation has a type of its own). */
    static OrderEvent statusChanged(Order order, OrderStatus from) {
        Type type = order.status() == OrderStatus.CANCELLED ? Type.CANCELLED : Type.STATUS_CHANGED;
        return new OrderEvent(
                UUID.randomUUID(),
                type,
                order.id(),
                order.customerId(),
                order.version(),
                from,
                order.status(),
                order.updatedAt(),
                null);
    }
}
