package dev.orderflow.partners.bank;

import dev.orderflow.defaults.data.Timestamps;
import dev.orderflow.partners.psp.SettledPayments;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the bank does with refunds: accept one once per refund id (a repeat with the same content
 * gets the first result, other content is a fault), never more than what is left of the payment,
 * and settle it a moment later, as a real bank's batch would.
 */
@Service
class RefundDesk implements SchedulingConfigurer {

    private final BankRefunds refunds;
    private final SettledPayments payments;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();
    private final BankProperties properties;

    RefundDesk(BankRefunds refunds, SettledPayments payments, TransactionTemplate tx, BankProperties properties) {
        this.refunds = refunds;
        this.payments = payments;
        this.tx = tx;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::settleDue, properties.settleInterval());
    }

    record Request(String refundId, String paymentReference, long amount, String currency, String reason) {}

    /**
     * Accepts the refund, or answers the first result of a repeat. Refunds of one payment are
     * serialised on the payment's row (so two at once can never refund more than was paid), and a
     * racing copy of the same refund id loses on the primary key and gets the first result.
     */
    BankRefund request(Request request) {
        var existing = refunds.find(request.refundId());
        if (existing.isPresent()) {
            return repeat(existing.get(), request);
        }
        var payment = payments.succeeded(request.paymentReference())
                .orElseThrow(() -> new BankFaults.UnknownPayment(request.paymentReference()));
        if (properties.blockedAccounts().contains(payment.accountId())) {
            throw new BankFaults.AccountBlocked(payment.accountId());
        }
        if (!payment.currency().equals(request.currency())) {
            throw new BankFaults.CurrencyMismatch(request.currency(), payment.currency());
        }
        Instant now = now();
        var refund = new BankRefund(
                request.refundId(),
                request.paymentReference(),
                request.amount(),
                request.currency(),
                request.reason(),
                BankRefund.ACCEPTED,
                null,
                now,
                null);
        try {
            tx.executeWithoutResult(status -> {
                payments.lock(payment.reference());
                long refundable = payment.amount() - refunds.refunded(payment.reference());
                if (request.amount() > refundable) {
                    throw new BankFaults.AmountExceedsRefundable(request.amount(), refundable);
                }
                refunds.insert(refund, now.plus(properties.settleAfter()));
            });
        } catch (DuplicateKeyException raced) {
            return repeat(refunds.find(request.refundId()).orElseThrow(() -> raced), request);
        }
        return refund;
    }

    private static BankRefund repeat(BankRefund first, Request request) {
        if (!first.sameRequest(request.paymentReference(), request.amount(), request.currency(), request.reason())) {
            throw new BankFaults.RefundIdReused(request.refundId());
        }
        return first;
    }

    BankRefund status(String refundId) {
        return refunds.find(refundId).orElseThrow(() -> new BankFaults.UnknownRefund(refundId));
    }

    record Page(List<BankRefund> refunds, String nextPageToken) {}

    /** One page of refunds requested in [from, to); the token is the keyset position, opaque to callers. */
    Page list(Instant from, Instant to, int pageSize, String pageToken) {
        Instant afterTime = null;
        String afterId = null;
        if (pageToken != null) {
            try {
                String[] position =
                        new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8).split("\\|", 2);
                afterTime = Instant.parse(position[0]);
                afterId = position[1];
            } catch (RuntimeException e) {
                throw new InvalidRequest("pageToken is not one this bank issued");
            }
        }
        List<BankRefund> page = refunds.page(from, to, afterTime, afterId, pageSize + 1);
        if (page.size() <= pageSize) {
            return new Page(page, null);
        }
        BankRefund last = page.get(pageSize - 1);
        String token = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((last.requestedAt() + "|" + last.refundId()).getBytes(StandardCharsets.UTF_8));
        return new Page(page.subList(0, pageSize), token);
    }

    /** The settlement batch: every accepted refund whose time has come is settled or rejected. */
    void settleDue() {
        for (BankRefund due : refunds.dueForSettlement(now(), 500)) {
            boolean reject = due.reason() != null
                    && properties.rejectedReasons().stream().anyMatch(due.reason()::contains);
            refunds.settle(
                    due.refundId(),
                    reject ? BankRefund.REJECTED : BankRefund.SETTLED,
                    reject ? "BENEFICIARY_ACCOUNT_CLOSED" : null,
                    now());
        }
    }

    private Instant now() {
        return Timestamps.stored(clock.instant());
    }

    /** A request the schema allows but the bank cannot use: a client fault without detail. */
    static final class InvalidRequest extends RuntimeException {
        InvalidRequest(String message) {
            super(message);
        }
    }
}
