package dev.orderflow.orders.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderflow.orders.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as the API shows it (the contract's Order schema). */
record OrderView(
        UUID id,
        String customerId,
        OrderStatus status,
        List<Line> items,
        Address shippingAddress,
        Money subtotal,
        Shipping shipping,
        Money total,
        // Shown as null until they exist, rather than left out (the service's default).
        @JsonInclude(JsonInclude.Include.ALWAYS) Payment payment,
        @JsonInclude(JsonInclude.Include.ALWAYS) Shipment shipment,
        boolean refundDue,
        Money refunded,
        Money refundable,
        Instant createdAt,
        Instant updatedAt) {

    /** The payment intent; its client secret is null only for an intent known from events alone. */
    record Payment(String intentId, String status, @JsonInclude(JsonInclude.Include.ALWAYS) String clientSecret) {}

    record Shipment(String shipmentId, String trackingNumber) {}

    record Line(String sku, String name, int quantity, Money unitPrice, Money lineTotal) {}

    /** The stock reservation and shipping quote arranged when the order was placed. */
    record Shipping(Money price, Integer etaDays, Instant estimatedDelivery, String reservationId) {}

    static OrderView of(Order order) {
        return new OrderView(
                order.id(),
                order.customerId(),
                order.status(),
                order.lines().stream()
                        .map(l -> new Line(l.sku(), l.name(), l.quantity(), l.unitPrice(), l.lineTotal()))
                        .toList(),
                order.shippingAddress(),
                order.subtotal(),
                new Shipping(
                        order.fulfilment().shipping(),
                        order.fulfilment().etaDays(),
                        order.fulfilment().estimatedDelivery(),
                        order.fulfilment().reservationId()),
                order.total(),
                order.payment() == null
                        ? null
                        : new Payment(
                                order.payment().intentId(),
                                order.payment().status(),
                                order.payment().clientSecret()),
                order.shipment() == null
                        ? null
                        : new Shipment(
                                order.shipment().shipmentId(), order.shipment().trackingNumber()),
                order.refundDue(),
                order.refunded(),
                order.refundable(),
                order.createdAt(),
                order.updatedAt());
    }

    record Page(List<OrderView> items, String nextCursor) {}
}
