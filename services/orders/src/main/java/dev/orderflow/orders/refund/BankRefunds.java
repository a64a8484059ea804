package dev.orderflow.orders.refund;

import dev.orderflow.orders.Money;
import java.util.UUID;

/**
 * Refunds at the partner bank, as the orders domain needs them. Both calls are safe to repeat: the
 * bank applies a refund id once, and answers a repeat with the refund as it is now.
 */
public interface BankRefunds {

    /**
     * Asks the bank for the refund (again, if it was asked before).
     *
     * @throws BankUnavailable when there is no answer to rely on (no connection, a timeout, a
     *     server fault): whether the bank applied it is unknown, so the same request is repeated later
     */
    Answer request(Request request);

    /** What the bank says of a refund asked for before; {@link Answer.Status#UNKNOWN} if it has none. */
    Answer status(UUID refundId);

    /**
     * @param refundId Orderflow's id of the refund, which is also the bank's
     * @param paymentReference the payment being refunded: the provider's intent id
     */
    record Request(UUID refundId, String paymentReference, Money amount, String reason) {}

    /**
     * @param failure with {@link Status#REFUSED}: a code (such as {@code account_blocked}) then the bank's message
     */
    record Answer(Status status, String failure) {

        public enum Status {
            /** Accepted, not settled yet: ask again later. */
            PENDING,
            /** The money is back with the customer. */
            SETTLED,
            /** Refused (a business fault) or rejected at settlement: it will never be paid. */
            REFUSED,
            /** The bank has no refund with this id (never received, or lost): ask for it again. */
            UNKNOWN
        }

        public static Answer of(Status status) {
            return new Answer(status, null);
        }

        public static Answer refused(String failure) {
            return new Answer(Status.REFUSED, failure);
        }
    }
}
