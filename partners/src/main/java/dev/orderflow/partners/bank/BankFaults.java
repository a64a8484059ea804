package dev.orderflow.partners.bank;

/**
 * The bank's business faults, each the typed {@code detail} of a SOAP fault declared in
 * {@code contracts/wsdl/bank.wsdl}. Thrown by {@link RefundDesk}; turned into faults by
 * {@link BankFaultResolver}. None changes anything.
 */
sealed class BankFaults extends RuntimeException {

    BankFaults(String message) {
        super(message);
    }

    static final class UnknownPayment extends BankFaults {
        final String paymentReference;

        UnknownPayment(String paymentReference) {
            super("No succeeded payment has the reference " + paymentReference + ".");
            this.paymentReference = paymentReference;
        }
    }

    static final class AmountExceedsRefundable extends BankFaults {
        final long refundable;

        AmountExceedsRefundable(long amount, long refundable) {
            super("The amount " + amount + " exceeds what is left to refund of the payment (" + refundable + ").");
            this.refundable = refundable;
        }
    }

    static final class CurrencyMismatch extends BankFaults {
        final String paymentCurrency;

        CurrencyMismatch(String currency, String paymentCurrency) {
            super("The payment was made in " + paymentCurrency + ", not " + currency + ".");
            this.paymentCurrency = paymentCurrency;
        }
    }

    static final class AccountBlocked extends BankFaults {
        final String account;

        AccountBlocked(String account) {
            super("The merchant account " + account + " may not refund now.");
            this.account = account;
        }
    }

    static final class RefundIdReused extends BankFaults {
        final String refundId;

        RefundIdReused(String refundId) {
            super("The refund id " + refundId + " was used before for another refund; nothing was done.");
            this.refundId = refundId;
        }
    }

    static final class UnknownRefund extends BankFaults {
        final String refundId;

        UnknownRefund(String refundId) {
            super("No refund has the id " + refundId + ".");
            this.refundId = refundId;
        }
    }
}
