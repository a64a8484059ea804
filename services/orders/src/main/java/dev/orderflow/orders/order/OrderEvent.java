package dev.orderflow.orders.order;

import dev.orderflow.orders.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A change of an order, registered by the {@link Order} as it makes the change and published by
 * {@link Orders} when the change is saved, inside its transaction. The outbox stores it in that
 * same transaction and relays it to Kafka after the commit, each order's events in sequence
 * ({@code events.OrderEventRelay}).
 *
 * <p>Everything that identifies the event (its id, time and sequence) is fixed here, before the
 * commit, so that a re-publication after a crash sends the very same event and consumers can
 * recognise the duplicate by its id.
 *
 * @param sequence the order's version after the change: 1 when placed, +1 per change
 * @param placed what was ordered; only for {@link Type#PLACED}
 * @param reason why it was cancelled, or why its payment failed
 * @param refundDue with cancellations, payment updates and refunds: whether its payment is owed back
 * @param refund with refund events: the refund and the order's refund totals after the change
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
        Placed placed,
        PaymentRef payment,
        ShipmentRef shipment,
        String reason,
        Boolean refundDue,
        RefundChange refund) {

    /** The CloudEvents {@code type} of each kind of event ({@code contracts/asyncapi/order-events.yaml}). */
    public enum Type {
        PLACED("placed", "placed"),
        STATUS_CHANGED("status_changed", "changed"),
        PAYMENT_UPDATED("payment_updated", "updated with a payment"),
        PAID("paid", "paid"),
        PAYMENT_FAILED("payment_failed", "marked as payment failed"),
        SHIPMENT_CREATED("shipment_created", "given a shipment"),
        SHIPPED("shipped", "shipped"),
        DELIVERED("delivered", "delivered"),
        CANCELLED("cancelled", "cancelled"),
        REFUND_REQUESTED("refund_requested", "refunded"),
        REFUNDED("refunded", "marked refunded"),
        REFUND_FAILED("refund_failed", "marked refund failed");

        private final String cloudEventType;
        private final String verb;

        Type(String name, String verb) {
            this.cloudEventType = "dev.orderflow.order." + name;
            this.verb = verb;
        }

        public String cloudEventType() {
            return cloudEventType;
        }

        /** As in "cannot be …", for the problem a refused move is. */
        String verb() {
            return verb;
        }
    }

    /** @param shippingAddress personal data: consumers that keep it must guard it */
    public record Placed(List<Item> items, Money shipping, Money total, Address shippingAddress) {}

    public record Item(String sku, String name, int quantity, Money unitPrice) {}

    /** The payment intent, never its client secret (events travel further than the order API). */
    public record PaymentRef(String intentId, String status) {}

    public record ShipmentRef(String shipmentId, String trackingNumber) {}

    /** A refund as events show it, with the order's totals after the change. */
    public record RefundChange(RefundRef refund, Money refunded, Money refundable) {}

    public record RefundRef(UUID refundId, Money amount, Refund.Status status, String reason, String failureReason) {}

    static OrderEvent placed(Order order) {
        var placed = new Placed(
                order.lines().stream()
                        .map(line -> new Item(line.sku(), line.name(), line.quantity(), line.unitPrice()))
                        .toList(),
                order.fulfilment().shipping(),
                order.total(),
                order.shippingAddress());
        return new OrderEvent(
                UUID.randomUUID(),
                Type.PLACED,
                order.id(),
                order.customerId(),
                order.version(),
                null,
                order.status(),
                order.updatedAt(),
                placed,
                null,
                null,
                null,
                null,
                null);
    }

    /** The order, just changed from status {@code from}, and what its contract type says of the change. */
    static OrderEvent changed(Order order, Type type, OrderStatus from) {
        var payment = order.payment() == null
                ? null
                : new PaymentRef(order.payment().intentId(), order.payment().status());
        var shipment = order.shipment() == null
                ? null
                : new ShipmentRef(
                        order.shipment().shipmentId(), order.shipment().trackingNumber());
        boolean shipping = type == Type.SHIPMENT_CREATED || type == Type.SHIPPED || type == Type.DELIVERED;
        boolean refunding = type == Type.REFUND_REQUESTED || type == Type.REFUNDED || type == Type.REFUND_FAILED;
        Refund refund = order.eventRefund();
        return new OrderEvent(
                UUID.randomUUID(),
                type,
                order.id(),
                order.customerId(),
                order.version(),
                from,
                order.status(),
                order.updatedAt(),
                null,
                shipping || refunding ? null : payment,
                shipping ? shipment : null,
                switch (type) {
                    case CANCELLED -> order.cancelReason();
                    case PAYMENT_FAILED -> order.failureReason();
                    default -> null;
                },
                type == Type.CANCELLED || type == Type.PAYMENT_UPDATED || refunding ? order.refundDue() : null,
                refunding
                        ? new RefundChange(
                                new RefundRef(
                                        refund.id(),
                                        refund.amount(),
                                        refund.status(),
                                        refund.reason(),
                                        refund.failureReason()),
                                order.refunded(),
                                order.refundable())
                        : null);
    }
}
