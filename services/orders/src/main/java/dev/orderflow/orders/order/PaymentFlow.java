package dev.orderflow.orders.order;

import dev.orderflow.defaults.data.Timestamps;
import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.orders.fulfilment.DependencyUnavailable;
import dev.orderflow.orders.fulfilment.PendingReleases;
import dev.orderflow.orders.fulfilment.Stockroom;
import dev.orderflow.orders.payment.PaymentInbox;
import dev.orderflow.orders.payment.PaymentProvider;
import dev.orderflow.orders.payment.PaymentProvider.Intent;
import dev.orderflow.orders.payment.PaymentProviderUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An order's payment, from placed to paid (or failed, or expired), driven by what is stored: the
 * orders awaiting payment are the to-do list for intents, the {@link PaymentInbox} the to-do list
 * for the provider's events. Every round does what is due, and whatever fails (the provider or
 * inventory down, an order not visible yet) is simply found again by a later round, so nothing
 * is lost and, every step being idempotent, nothing is done twice.
 *
 * <p>The rule that keeps money and orders consistent: an unpaid order ends (payment failed,
 * expired, cancelled) only after its intent is cancelled at the provider, and the provider's answer
 * decides: an intent that succeeded meanwhile makes the order paid instead.
 */
@Component
class PaymentFlow extends Flow {

    private static final Logger log = LoggerFactory.getLogger(PaymentFlow.class);

    private final Orders orders;
    private final PaymentProvider provider;
    private final PaymentInbox inbox;
    private final TraceContexts traces;
    private final Stockroom stockroom;
    private final PendingReleases releases;
    private final ShipmentFlow shipments;
    private final RefundFlow refunds;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final WorkflowProperties properties;

    PaymentFlow(
            Orders orders,
            PaymentProvider provider,
            PaymentInbox inbox,
            Stockroom stockroom,
            PendingReleases releases,
            ShipmentFlow shipments,
            RefundFlow refunds,
            TransactionTemplate tx,
            Clock clock,
            WorkflowProperties properties,
            TraceContexts traces) {
        super("payment-flow", properties.interval());
        this.traces = traces;
        this.orders = orders;
        this.provider = provider;
        this.inbox = inbox;
        this.stockroom = stockroom;
        this.releases = releases;
        this.shipments = shipments;
        this.refunds = refunds;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    @EventListener
    void received(PaymentInbox.Received event) {
        soon();
    }

    /**
     * One round: intents for new orders, the provider's events, then orders unpaid too long. Each
     * part stands alone, so a provider that refuses intents (a wrong key, say) never holds up the
     * webhooks already received.
     */
    @Override
    void round() {
        for (UUID id : orders.awaitingIntent(properties.batch())) {
            // in the trace of the order's placing: its intent shows up under the click that placed it
            if (!attempt("create the payment intent of order " + id, () -> traces.resume(
                            "request payment intent", orders.traceOf(id))
                    .observe(() -> requestIntent(id)))) {
                break; // the provider is down or refusing for every order alike
            }
        }
        for (var event : inbox.due(properties.batch())) {
            // in the trace of the webhook that delivered it: the order's change and its event too
            traces.resume("payment event", event.traceParent()).observe(() -> process(event));
        }
        Instant deadline = now().minus(properties.unpaidTimeout());
        for (UUID id : orders.unpaidSince(deadline, properties.batch())) {
            if (!attempt("expire unpaid order " + id, () -> expire(id))) {
                break;
            }
        }
    }

    private static boolean attempt(String what, Runnable step) {
        try {
            step.run();
            return true;
        } catch (PaymentProviderUnavailable e) {
            log.info("Could not {} now: {}", what, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Could not {}; the next round tries again", what, e);
        }
        return false;
    }

    /** The order's intent, created at the provider (idempotently: the order id is the key) and attached. */
    void requestIntent(UUID id) {
        Order order = orders.find(id).orElse(null);
        if (order == null || order.status() != OrderStatus.AWAITING_PAYMENT || order.payment() != null) {
            return;
        }
        Intent intent = provider.createIntent(id, order.total(), "Orderflow order " + id);
        settle(id, intent);
    }

    /** Applies one of the provider's events from the inbox; retried later when it cannot be yet. */
    void process(PaymentInbox.Pending event) {
        Intent intent = event.intent();
        if (intent.orderId() == null) {
            inbox.processed(event.eventId(), "ignored: not the payment of an Orderflow order");
            return;
        }
        if (orders.find(intent.orderId()).isEmpty()) {
            // The provider can be faster than our commit is visible (or than a replica): wait for it.
            if (event.attempts() + 1 >= properties.inboxGiveUpAfter()) {
                log.warn("Payment event {} names order {}, which does not exist", event.eventId(), intent.orderId());
                inbox.processed(event.eventId(), "set aside: order " + intent.orderId() + " never appeared");
            } else {
                inbox.retryLater(event.eventId(), backoff(event.attempts()), "waiting for order " + intent.orderId());
            }
            return;
        }
        try {
            String outcome = settle(intent.orderId(), intent);
            inbox.processed(event.eventId(), outcome);
        } catch (PaymentProviderUnavailable | DependencyUnavailable | OptimisticLockingFailureException e) {
            inbox.retryLater(event.eventId(), backoff(event.attempts()), "retrying: " + e.getMessage());
        } catch (RuntimeException e) { // a bug or a surprise: kept for a later round, never dropped
            log.warn("Payment event {} could not be processed; will retry", event.eventId(), e);
            inbox.retryLater(event.eventId(), backoff(event.attempts()), "failed: " + e);
        }
    }

    /**
     * Brings the order in line with what the provider says of its intent. Safe to repeat, and to
     * call with stale news: statuses only move forward, and a failure is only final once the
     * provider has cancelled the intent.
     *
     * @return what happened, for the inbox's record
     */
    String settle(UUID id, Intent intent) {
        Order order = orders.find(id).orElseThrow();
        Order.Payment payment = new Order.Payment(intent.id(), intent.status(), intent.clientSecret());
        switch (intent.status()) {
            case Order.Payment.SUCCEEDED -> {
                return paid(order, payment);
            }
            case Order.Payment.CANCELED -> {
                return failed(order, intent, "canceled at the payment provider");
            }
            default -> {
                if (intent.failure() != null && order.status() == OrderStatus.AWAITING_PAYMENT) {
                    return failed(order, intent, intent.failure()); // declined: this order's payment failed
                }
                if (order.payment() == null && intent.clientSecret() == null) {
                    // Events never carry the client secret: the intent is attached by its creation
                    // (requestIntent), which has it, so the customer can always pay what they see.
                    return "no change (intent not attached yet)";
                }
                boolean changed = change(id, o -> o.paymentUpdated(payment, now()));
                return changed ? "payment " + intent.status() : "no change";
            }
        }
    }

    private String paid(Order order, Order.Payment payment) {
        if (order.status() == OrderStatus.AWAITING_PAYMENT) {
            boolean sold = stockroom.commit(order.fulfilment().reservationId());
            if (!sold) {
                log.warn(
                        "Order {} was paid after its stock reservation {} ended; its stock was not committed",
                        order.id(),
                        order.fulfilment().reservationId());
            }
            if (!change(order.id(), o -> {
                if (o.status() != OrderStatus.AWAITING_PAYMENT) {
                    return false; // paid by a concurrent caller meanwhile
                }
                o.paid(payment, now());
                return true;
            })) {
                return "no change (paid meanwhile)";
            }
            shipments.soon();
            return sold ? "paid" : "paid; stock reservation had ended";
        }
        if (change(order.id(), o -> o.paidTooLate(payment, UUID.randomUUID(), now()))) {
            log.warn("Order {} was paid after it ended ({}); its refund is requested", order.id(), order.status());
            refunds.soon();
            return "paid too late; refund requested";
        }
        return "no change (" + order.status() + ")";
    }

    /** The intent is cancelled at the provider first; if it succeeded meanwhile, the order is paid. */
    private String failed(Order order, Intent intent, String reason) {
        if (order.status() != OrderStatus.AWAITING_PAYMENT) {
            return "no change (" + order.status() + ")";
        }
        Intent now = intent.status().equals(Order.Payment.CANCELED) ? intent : provider.cancel(intent.id());
        if (now.status().equals(Order.Payment.SUCCEEDED)) {
            return paid(order, new Order.Payment(now.id(), now.status(), now.clientSecret()));
        }
        var canceled = new Order.Payment(now.id(), Order.Payment.CANCELED, now.clientSecret());
        if (!change(order.id(), o -> {
            if (o.status() != OrderStatus.AWAITING_PAYMENT) {
                return false; // cancelled by its customer meanwhile
            }
            o.paymentFailed(canceled, reason, now());
            return true;
        })) {
            return "no change (ended meanwhile)";
        }
        releases.release(order.fulfilment().reservationId());
        return "payment failed: " + reason;
    }

    /** Unpaid too long: its intent cancelled (or found paid), then the order cancelled and its stock released. */
    void expire(UUID id) {
        Order order = orders.find(id).orElse(null);
        if (order == null || order.status() != OrderStatus.AWAITING_PAYMENT) {
            return;
        }
        if (order.payment() != null) {
            Intent now = provider.cancel(order.payment().intentId());
            if (now.status().equals(Order.Payment.SUCCEEDED)) {
                paid(order, new Order.Payment(now.id(), now.status(), now.clientSecret()));
                return;
            }
        } // without an intent attached, nobody has the client secret to pay with
        if (change(id, o -> {
            if (o.status() != OrderStatus.AWAITING_PAYMENT) {
                return false; // paid or cancelled meanwhile
            }
            o.expireUnpaid(now());
            return true;
        })) {
            releases.release(order.fulfilment().reservationId());
        }
    }

    /**
     * Before an unpaid order is cancelled on request: its intent cancelled at the provider, so the
     * customer can no longer pay it. If they just did, the order is paid and the cancel refused.
     */
    void cancelPaymentOf(Order order) {
        if (order.status() != OrderStatus.AWAITING_PAYMENT || order.payment() == null) {
            return;
        }
        Intent now = provider.cancel(order.payment().intentId());
        if (now.status().equals(Order.Payment.SUCCEEDED)) {
            paid(order, new Order.Payment(now.id(), now.status(), now.clientSecret()));
            throw new Order.IllegalTransitionException("The payment of order " + order.id()
                    + " succeeded just now, so it is PAID; cancel again to cancel it with a refund.");
        }
    }

    /** Reads, changes and saves the order in one transaction; false when the change was a no-op. */
    private boolean change(UUID id, Predicate<Order> change) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            Optional<Order> found = orders.find(id);
            if (found.isEmpty()) {
                return false;
            }
            Order order = found.get();
            if (!change.test(order)) {
                return false;
            }
            orders.update(order);
            return true;
        }));
    }

    private Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts, 10);
        Duration wait = properties.inboxRetry().multipliedBy(factor);
        return wait.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : wait;
    }

    private Instant now() {
        return Timestamps.stored(clock.instant());
    }
}
