package dev.orderflow.partners.bank;

import java.time.Instant;

/**
 * A refund the bank was asked for.
 *
 * @param status ACCEPTED, then SETTLED or REJECTED
 */
record BankRefund(
        String refundId,
        String paymentReference,
        long amount,
        String currency,
        String reason,
        String status,
        String rejectionCode,
        Instant requestedAt,
        Instant settledAt) {

    static final String ACCEPTED = "ACCEPTED";
    static final String SETTLED = "SETTLED";
    static final String REJECTED = "REJECTED";

    /** Whether a repeated request asks for the same thing (then it gets the first result). */
    boolean sameRequest(String payment, long amount, String currency, String reason) {
        return paymentReference.equals(payment)
                && this.amount == amount
                && this.currency.equals(currency)
                && java.util.Objects.equals(this.reason, reason);
    }
}
