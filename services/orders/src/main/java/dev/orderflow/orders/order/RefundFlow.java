package dev.orderflow.orders.order;

import dev.orderflow.defaults.data.Timestamps;
import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.orders.refund.BankProperties;
import dev.orderflow.orders.refund.BankRefunds;
import dev.orderflow.orders.refund.BankRefunds.Answer;
import dev.orderflow.orders.refund.BankUnavailable;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds, from requested to refunded or failed: the refund job. Its to-do list is the refunds
 * table (a refund is stored with its order's change, in that transaction, and is due at once), so a
 * refund is never asked for inside an HTTP request and never forgotten by a crash.
 *
 * <p>Never twice: the refund's id is fixed when it is requested and sent as the bank's refund id on
 * every attempt. The bank applies an id once and answers a repeat with the refund as it is, so a
 * timeout, a lost answer, a crash between the call and the commit, or a bank down for an hour all
 * end with the same single refund at the bank: the job simply asks again. Attempts without an
 * answer back off exponentially with jitter (Resilience4j's {@link IntervalFunction}), kept in the
 * table so the wait survives restarts; a business fault ends the refund {@code FAILED} at once.
 */
@Component
class RefundFlow extends Flow {

    private static final Logger log = LoggerFactory.getLogger(RefundFlow.class);

    private final Refunds refunds;
    private final Orders orders;
    private final BankRefunds bank;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final BankProperties properties;
    private final IntervalFunction backoff;
    private final TraceContexts traces;

    RefundFlow(
            Refunds refunds,
            Orders orders,
            BankRefunds bank,
            TransactionTemplate tx,
            Clock clock,
            BankProperties properties,
            WorkflowProperties workflow,
            TraceContexts traces) {
        super("refund-flow", workflow.interval());
        this.traces = traces;
        this.refunds = refunds;
        this.orders = orders;
        this.bank = bank;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                properties.firstRetry(), properties.multiplier(), properties.randomization(), properties.maxRetry());
    }

    @Override
    void round() {
        for (Refunds.Due due : refunds.due(now(), properties.batch())) {
            boolean answered;
            try {
                // in the trace of the refund's request: its calls to the bank show up there
                answered = traces.resume("refund attempt", due.traceParent()).observe(() -> attempt(due));
            } catch (RuntimeException e) { // a concurrent change of the order, or a surprise
                log.warn(
                        "Refund {} could not be moved on; it is tried again later",
                        due.refund().id(),
                        e);
                retryLater(due, e.toString());
                continue; // one refund that keeps failing never holds up the others
            }
            if (!answered) {
                break; // no answer from the bank: the others would wait just the same
            }
        }
    }

    /** One attempt at one refund; false when the bank gave no answer. */
    boolean attempt(Refunds.Due due) {
        Refund refund = due.refund();
        Order order = orders.find(refund.orderId()).orElseThrow();
        Answer answer;
        try {
            answer = due.bankStatus() == null
                    ? bank.request(new BankRefunds.Request(
                            refund.id(), order.payment().intentId(), refund.amount(), refund.reason()))
                    : bank.status(refund.id());
        } catch (BankUnavailable e) {
            Duration wait = retryLater(due, e.getMessage());
            log.info(
                    "Refund {}: no answer from the bank (attempt {}), next in {}: {}",
                    refund.id(),
                    due.attempts() + 1,
                    wait,
                    e.getMessage());
            return false;
        }
        switch (answer.status()) {
            case PENDING -> refunds.attempted(refund.id(), "ACCEPTED", 0, now().plus(properties.pollInterval()), null);
            case UNKNOWN -> // accepted once, yet unknown now: ask for it again (same id, same content)
            refunds.attempted(refund.id(), null, due.attempts(), now(), "the bank did not know the refund");
            case SETTLED -> end(refund, (o, r) -> o.refundSettled(r, now()));
            case REFUSED -> {
                log.warn("Refund {} of order {} failed: {}", refund.id(), refund.orderId(), answer.failure());
                end(refund, (o, r) -> o.refundFailed(r, answer.failure(), now()));
            }
        }
        return true;
    }

    /** The next attempt, after a wait that grows with each attempt (with jitter). */
    private Duration retryLater(Refunds.Due due, String error) {
        int attempts = due.attempts() + 1;
        Duration wait = Duration.ofMillis(backoff.apply(attempts));
        refunds.attempted(due.refund().id(), due.bankStatus(), attempts, now().plus(wait), error);
        return wait;
    }

    private interface Ending {
        boolean apply(Order order, Refund refund);
    }

    /** Settled or failed, with its order, in one transaction (a concurrent change: the next round repeats). */
    private void end(Refund refund, Ending ending) {
        tx.executeWithoutResult(status -> {
            Order order = orders.find(refund.orderId()).orElseThrow();
            Optional<Refund> current = refunds.find(refund.id());
            if (current.isPresent() && ending.apply(order, current.get())) {
                orders.update(order);
            }
        });
    }

    private Instant now() {
        return Timestamps.stored(clock.instant());
    }
}
