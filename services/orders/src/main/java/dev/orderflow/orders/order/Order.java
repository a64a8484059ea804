package dev.orderflow.orders.order;

import dev.orderflow.defaults.data.Timestamps;
import dev.orderflow.orders.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The order aggregate. Its state changes only through its own methods, each of which checks that
 * the move is legal from the current status, bumps the version (which is also its ETag) and
 * registers the {@link OrderEvent} it causes. The events are an explicit list rather than Spring
 * Data's {@code AbstractAggregateRoot} (there is no Spring Data here): {@link Orders} publishes
 * them when it saves the order, in the transaction of the change, and clears the list.
 */
public class Order {

    private static final Set<OrderStatus> CANCELLABLE = EnumSet.of(OrderStatus.PENDING, OrderStatus.AWAITING_PAYMENT);

    private final UUID id;
    private final String customerId;
    private final List<OrderLine> lines;
    private final Address shippingAddress;
    private final Instant createdAt;
    private final Fulfilment fulfilment;
    private OrderStatus status;
    private Instant updatedAt;
    private int version;
    private final List<OrderEvent> events = new ArrayList<>();

    Order(
            UUID id,
            String customerId,
            List<OrderLine> lines,
            Address shippingAddress,
            Fulfilment fulfilment,
            OrderStatus status,
            Instant createdAt,
            Instant updatedAt,
            int version) {
        this.id = id;
        this.fulfilment = fulfilment;
        this.customerId = customerId;
        this.lines = List.copyOf(lines);
        this.shippingAddress = shippingAddress;
        this.status = status;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /**
     * A new order awaiting payment, its stock reserved and its shipping quoted. The id is chosen
     * before the order exists because it is also the id of the stock reservation.
     */
    static Order place(
            UUID id,
            String customerId,
            List<OrderLine> lines,
            Address shippingAddress,
            Fulfilment fulfilment,
            Instant now) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("An order has at least one line");
        }
        var order = new Order(
                id, customerId, lines, shippingAddress, fulfilment, OrderStatus.AWAITING_PAYMENT, now, now, 1);
        order.events.add(OrderEvent.placed(order));
        return order;
    }

    void cancel(Instant now) {
        moveTo(OrderStatus.CANCELLED, CANCELLABLE, "cancelled", now);
    }

    /** The one way the status changes: guarded, versioned, and recorded as an event. */
    private void moveTo(OrderStatus next, Set<OrderStatus> allowedFrom, String verb, Instant now) {
        if (!allowedFrom.contains(status)) {
            throw new IllegalTransitionException(id, status, verb);
        }
        OrderStatus before = status;
        status = next;
        updatedAt = now;
        version++;
        events.add(OrderEvent.statusChanged(this, before));
    }

    /** The events of the changes not saved yet, oldest first. */
    List<OrderEvent> unsavedEvents() {
        return List.copyOf(events);
    }

    /** Called by {@link Orders} once the changes and their events are saved. */
    void eventsSaved() {
        events.clear();
    }

    public Money subtotal() {
        return lines.stream().map(OrderLine::lineTotal).reduce(Money::plus).orElseThrow();
    }

    public Money total() {
        return subtotal().plus(fulfilment.shipping());
    }

    public Fulfilment fulfilment() {
        return fulfilment;
    }

    public UUID id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public List<OrderLine> lines() {
        return lines;
    }

    public Address shippingAddress() {
        return shippingAddress;
    }

    public OrderStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public int version() {
        return version;
    }

    /** The strong entity tag of this version (RFC 9110 §8.8.3). */
    public String etag() {
        return "\"" + version + "\"";
    }

    /**
     * What placing the order arranged with other services.
     *
     * @param reservationId the stock reservation at inventory (null for orders placed before reservations)
     * @param shipping the quoted shipping price
     * @param etaDays the quoted delivery time, null when unknown
     */
    public record Fulfilment(String reservationId, Money shipping, Integer etaDays, Instant estimatedDelivery) {

        /** As the database keeps it, so the representation (and its strong ETag) never changes on reload. */
        public Fulfilment {
            estimatedDelivery = Timestamps.stored(estimatedDelivery);
        }
    }

    /** A move the order's current status does not allow: a 409, and nothing changes. */
    public static class IllegalTransitionException extends RuntimeException {
        IllegalTransitionException(UUID id, OrderStatus from, String to) {
            super("Order " + id + " is " + from + " and cannot be " + to + ".");
        }
    }
}
