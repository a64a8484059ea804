package dev.orderflow.partners.psp;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The payments the provider collected, as the bank sees them when a refund of one is asked for
 * (in this simulation the provider settles into the partner bank, so the bank knows them).
 */
@Component
public class SettledPayments {

    private final JdbcClient jdbc;

    SettledPayments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param amount in minor units; {@code currency} upper case */
    public record Payment(String reference, String accountId, long amount, String currency) {}

    /** Holds the payment's row until the caller's transaction ends: one refund decision at a time. */
    public void lock(String reference) {
        jdbc.sql("SELECT id FROM payment_intents WHERE id = ? FOR UPDATE")
                .param(reference)
                .query(String.class)
                .optional();
    }

    /** The payment with this reference if it succeeded; empty for an unknown or unpaid one. */
    public Optional<Payment> succeeded(String reference) {
        return jdbc.sql(
                        "SELECT id, account_id, amount, currency FROM payment_intents WHERE id = ? AND status = 'SUCCEEDED'")
                .param(reference)
                .query((rs, row) -> new Payment(
                        rs.getString("id"),
                        rs.getString("account_id"),
                        rs.getLong("amount"),
                        rs.getString("currency").trim().toUpperCase(java.util.Locale.ROOT)))
                .optional();
    }
}
