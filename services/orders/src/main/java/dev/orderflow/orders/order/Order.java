package dev.orderflow.orders.order;

import dev.orderflow.defaults.data.Timestamps;
import dev.orderflow.orders.Money;
import dev.orderflow.orders.order.OrderEvent.Type;
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

    /** Before its shipment exists; a paid order is cancelled with a refund due. */
    private static final Set<OrderStatus> CANCELLABLE =
            EnumSet.of(OrderStatus.PENDING, OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID);

    private static final Set<OrderStatus> UNPAID = EnumSet.of(OrderStatus.AWAITING_PAYMENT);

    private final UUID id;
    private final String customerId;
    private final List<OrderLine> lines;
    private final Address shippingAddress;
    private final Instant createdAt;
    private final Fulfilment fulfilment;
    private OrderStatus status;
    private Payment payment;
    private Shipment shipment;
    private boolean refundDue;
    private Money refunded;
    private Money refundPending;
    // Refunds requested, settled or failed by the changes not saved yet ({@link Orders} saves them).
    private final List<Refund> refundChanges = new ArrayList<>();
    // Said by the event of the move being made, not kept: cleared once the event is registered.
    private String cancelReason;
    private String failureReason;
    private Refund eventRefund;
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
            Payment payment,
            Shipment shipment,
            boolean refundDue,
            Money refunded,
            Money refundPending,
            Instant createdAt,
            Instant updatedAt,
            int version) {
        this.id = id;
        this.refunded = refunded;
        this.refundPending = refundPending;
        this.payment = payment;
        this.shipment = shipment;
        this.refundDue = refundDue;
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
                id,
                customerId,
                lines,
                shippingAddress,
                fulfilment,
                OrderStatus.AWAITING_PAYMENT,
                null,
                null,
                false,
                Money.zero(fulfilment.shipping().currency()),
                Money.zero(fulfilment.shipping().currency()),
                now,
                now,
                1);
        order.events.add(OrderEvent.placed(order));
        return order;
    }

    /**
     * Cancelled on request: before payment, or after it, but never once its shipment exists. The
     * caller has made sure an unpaid order's payment cannot succeed any more (its intent is
     * cancelled at the provider). A paid order's money is owed back: its refund is requested too.
     *
     * @param refundId the id of that refund, if one is needed
     */
    void cancel(UUID refundId, Instant now) {
        boolean paid = status == OrderStatus.PAID;
        moveTo(OrderStatus.CANCELLED, CANCELLABLE, Type.CANCELLED, now, () -> {
            refundDue = paid;
            if (!paid && payment != null) {
                payment = payment.withStatus(Payment.CANCELED);
            }
        });
        if (paid) {
            refundEverything(refundId, "cancelled", now);
        }
    }

    /** Cancelled because it stayed unpaid too long (its intent already cancelled at the provider). */
    void expireUnpaid(Instant now) {
        moveTo(OrderStatus.CANCELLED, UNPAID, Type.CANCELLED, now, () -> {
            cancelReason = "payment_timeout";
            if (payment != null) {
                payment = payment.withStatus(Payment.CANCELED);
            }
        });
    }

    /**
     * The provider told us about the order's payment intent (created, or a status on the way).
     * Statuses only move forward, so an older event arriving late changes nothing.
     *
     * @return whether anything changed
     */
    boolean paymentUpdated(Payment update, Instant now) {
        if (status != OrderStatus.AWAITING_PAYMENT) {
            return false;
        }
        Payment merged = payment == null ? update : payment.advancedBy(update);
        if (merged.equals(payment)) {
            return false;
        }
        moveTo(status, UNPAID, Type.PAYMENT_UPDATED, now, () -> payment = merged);
        return true;
    }

    /** The provider confirmed the payment. */
    void paid(Payment succeeded, Instant now) {
        moveTo(
                OrderStatus.PAID,
                UNPAID,
                Type.PAID,
                now,
                () -> payment = paymentOr(succeeded).withStatus(Payment.SUCCEEDED));
    }

    /** The payment was declined or cancelled at the provider, where its intent is now cancelled. */
    void paymentFailed(Payment canceled, String reason, Instant now) {
        moveTo(OrderStatus.PAYMENT_FAILED, UNPAID, Type.PAYMENT_FAILED, now, () -> {
            payment = paymentOr(canceled).withStatus(Payment.CANCELED);
            failureReason = reason;
        });
    }

    /**
     * The provider took a payment for an order that had already ended unpaid (a race no design
     * can exclude: the customer paid as the order expired). Nothing is shipped; the money is owed back.
     *
     * @return whether anything changed
     */
    boolean paidTooLate(Payment succeeded, UUID refundId, Instant now) {
        if (refundDue || (status != OrderStatus.CANCELLED && status != OrderStatus.PAYMENT_FAILED)) {
            return false;
        }
        moveTo(status, EnumSet.of(status), Type.PAYMENT_UPDATED, now, () -> {
            payment = paymentOr(succeeded).withStatus(Payment.SUCCEEDED);
            refundDue = true;
        });
        refundEverything(refundId, "paid after the order had ended", now);
        return true;
    }

    private void refundEverything(UUID refundId, String reason, Instant now) {
        if (!refundable().isZero()) {
            requestRefund(refundId, null, reason, now);
        }
    }

    /**
     * A refund of {@code amount} (null: everything still refundable) of the succeeded payment,
     * reserved at once so that refunds together never exceed what was paid. The order's status
     * stays as it is: goods may be returned at any time after payment.
     */
    Refund requestRefund(UUID refundId, Money amount, String reason, Instant now) {
        if (!paymentSucceeded()) {
            throw new IllegalTransitionException("Order " + id + " has no succeeded payment to refund.");
        }
        Money left = refundable();
        Money wanted = amount != null ? amount : left;
        if (wanted.isZero() || wanted.isGreaterThan(left)) { // a mixed currency throws first
            throw new RefundExceedsRefundable(wanted, left);
        }
        Refund refund = Refund.requested(refundId, id, wanted, reason, now);
        moveTo(status, EnumSet.of(status), Type.REFUND_REQUESTED, now, () -> {
            refundPending = refundPending.plus(wanted);
            changed(refund);
        });
        return refund;
    }

    /**
     * The bank settled the refund. Safe to repeat: a refund already settled or failed is left alone.
     *
     * @return whether anything changed
     */
    boolean refundSettled(Refund refund, Instant now) {
        if (refund.status() != Refund.Status.REQUESTED) {
            return false;
        }
        moveTo(status, EnumSet.of(status), Type.REFUNDED, now, () -> {
            refundPending = refundPending.minus(refund.amount());
            refunded = refunded.plus(refund.amount());
            refundDue = refundDue && total().isGreaterThan(refunded);
            changed(refund.refunded(now));
        });
        return true;
    }

    /**
     * The bank refused the refund: its amount is refundable again.
     *
     * @return whether anything changed
     */
    boolean refundFailed(Refund refund, String why, Instant now) {
        if (refund.status() != Refund.Status.REQUESTED) {
            return false;
        }
        moveTo(status, EnumSet.of(status), Type.REFUND_FAILED, now, () -> {
            refundPending = refundPending.minus(refund.amount());
            changed(refund.failed(why, now));
        });
        return true;
    }

    private void changed(Refund refund) {
        refundChanges.add(refund);
        eventRefund = refund;
    }

    private boolean paymentSucceeded() {
        return payment != null && Payment.SUCCEEDED.equals(payment.status());
    }

    /** Its shipment exists at shipping. */
    void shipmentCreated(Shipment created, Instant now) {
        moveTo(
                OrderStatus.FULFILLING,
                EnumSet.of(OrderStatus.PAID),
                Type.SHIPMENT_CREATED,
                now,
                () -> shipment = created);
    }

    /** The courier has the parcel. */
    void shipped(Instant now) {
        moveTo(OrderStatus.SHIPPED, EnumSet.of(OrderStatus.FULFILLING), Type.SHIPPED, now, () -> {});
    }

    /** Delivered; a parcel confirmed delivered before it was seen picked up is shipped first. */
    void delivered(Instant now) {
        if (status == OrderStatus.FULFILLING) {
            shipped(now);
        }
        moveTo(OrderStatus.DELIVERED, EnumSet.of(OrderStatus.SHIPPED), Type.DELIVERED, now, () -> {});
    }

    /**
     * The one way the order changes: guarded, versioned, and recorded as an event. {@code change}
     * makes the rest of the move, once the guard has passed.
     */
    private void moveTo(OrderStatus next, Set<OrderStatus> allowedFrom, Type type, Instant now, Runnable change) {
        if (!allowedFrom.contains(status)) {
            throw new IllegalTransitionException(id, status, type.verb());
        }
        OrderStatus before = status;
        change.run();
        status = next;
        updatedAt = now;
        version++;
        events.add(OrderEvent.changed(this, type, before));
        cancelReason = null;
        failureReason = null;
        eventRefund = null;
    }

    private Payment paymentOr(Payment fallback) {
        return payment != null ? payment : fallback;
    }

    /** The events of the changes not saved yet, oldest first. */
    List<OrderEvent> unsavedEvents() {
        return List.copyOf(events);
    }

    /** Called by {@link Orders} once the changes and their events are saved. */
    void eventsSaved() {
        events.clear();
        refundChanges.clear();
    }

    /** The refunds the unsaved changes requested, settled or failed, in that order. */
    List<Refund> unsavedRefunds() {
        return List.copyOf(refundChanges);
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

    /** The payment at the provider; null until its intent exists. */
    public Payment payment() {
        return payment;
    }

    /** The shipment at shipping; null until it is created. */
    public Shipment shipment() {
        return shipment;
    }

    /** Paid, then cancelled (or paid after it ended), and not refunded in full yet. */
    public boolean refundDue() {
        return refundDue;
    }

    /** What the bank has refunded. */
    public Money refunded() {
        return refunded;
    }

    /** Refunds requested and not settled yet. */
    Money refundPending() {
        return refundPending;
    }

    /** What a new refund may still ask for: the amount paid less every refund requested or refunded. */
    public Money refundable() {
        Money paid = paymentSucceeded() ? total() : Money.zero(total().currency());
        return paid.minus(refunded).minus(refundPending);
    }

    /** The refund the change being recorded is about (for its event). */
    Refund eventRefund() {
        return eventRefund;
    }

    String cancelReason() {
        return cancelReason != null ? cancelReason : "requested";
    }

    String failureReason() {
        return failureReason;
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

    /**
     * The order's payment intent at the provider, as Orderflow last heard of it.
     *
     * @param status the provider's intent status (psp.yaml): requires_payment_method, processing,
     *     succeeded or canceled
     */
    public record Payment(String intentId, String status, String clientSecret) {

        public static final String REQUIRES_PAYMENT_METHOD = "requires_payment_method";
        public static final String PROCESSING = "processing";
        public static final String SUCCEEDED = "succeeded";
        public static final String CANCELED = "canceled";

        private static final List<String> PROGRESS = List.of(REQUIRES_PAYMENT_METHOD, PROCESSING);

        Payment withStatus(String next) {
            return new Payment(intentId, next, clientSecret);
        }

        /**
         * This payment after the provider said {@code later}: the status moves only forward
         * (events can arrive out of order), and a client secret learnt is kept.
         */
        Payment advancedBy(Payment later) {
            String secret = clientSecret != null ? clientSecret : later.clientSecret();
            boolean forward = rank(later.status()) > rank(status);
            return new Payment(intentId, forward ? later.status() : status, secret);
        }

        private static int rank(String status) {
            int progress = PROGRESS.indexOf(status);
            return progress >= 0 ? progress : PROGRESS.size(); // succeeded, canceled: final
        }
    }

    /** The order's shipment at shipping. */
    public record Shipment(String shipmentId, String trackingNumber) {}

    /** More than is left to refund (or nothing left): a 409, and nothing changes. */
    public static class RefundExceedsRefundable extends RuntimeException {
        private final Money refundable;

        RefundExceedsRefundable(Money wanted, Money refundable) {
            super(
                    refundable.isZero()
                            ? "Nothing is left to refund on this order."
                            : "A refund of " + wanted.amountMinor() + " " + wanted.currency()
                                    + " minor units exceeds the " + refundable.amountMinor()
                                    + " still refundable on this order.");
            this.refundable = refundable;
        }

        public Money refundable() {
            return refundable;
        }
    }

    /** A move the order's current status does not allow: a 409, and nothing changes. */
    public static class IllegalTransitionException extends RuntimeException {
        IllegalTransitionException(UUID id, OrderStatus from, String to) {
            this("Order " + id + " is " + from + " and cannot be " + to + ".");
        }

        IllegalTransitionException(String message) {
            super(message);
        }
    }
}
