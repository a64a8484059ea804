package dev.orderflow.partners.bank;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The bank's refunds, in plain SQL that runs on H2 and PostgreSQL alike. */
@Repository
class BankRefunds {

    private final JdbcClient jdbc;

    BankRefunds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the refund id exists */
    void insert(BankRefund refund, Instant settleAt) {
        jdbc.sql(
                        """
                INSERT INTO bank_refunds (refund_id, payment_reference, amount, currency, reason, status,
                    requested_at, settle_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        refund.refundId(),
                        refund.paymentReference(),
                        refund.amount(),
                        refund.currency(),
                        refund.reason(),
                        refund.status(),
                        utc(refund.requestedAt()),
                        utc(settleAt))
                .update();
    }

    Optional<BankRefund> find(String refundId) {
        return jdbc.sql("SELECT * FROM bank_refunds WHERE refund_id = ?")
                .param(refundId)
                .query(BankRefunds::refund)
                .optional();
    }

    /** What is already refunded, or on its way, of a payment (rejected refunds give nothing back). */
    long refunded(String paymentReference) {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM bank_refunds WHERE payment_reference = ? AND status <> ?")
                .params(paymentReference, BankRefund.REJECTED)
                .query(Long.class)
                .single();
    }

    /** Refunds requested in [from, to), after the keyset position (if any), oldest first. */
    List<BankRefund> page(Instant from, Instant to, Instant afterTime, String afterId, int limit) {
        if (afterTime == null) {
            return jdbc.sql(
                            """
                    SELECT * FROM bank_refunds WHERE requested_at >= ? AND requested_at < ?
                    ORDER BY requested_at, refund_id LIMIT ?""")
                    .params(utc(from), utc(to), limit)
                    .query(BankRefunds::refund)
                    .list();
        }
        return jdbc.sql(
                        """
                SELECT * FROM bank_refunds WHERE requested_at >= ? AND requested_at < ?
                  AND (requested_at > ? OR (requested_at = ? AND refund_id > ?))
                ORDER BY requested_at, refund_id LIMIT ?""")
                .params(utc(from), utc(to), utc(afterTime), utc(afterTime), afterId, limit)
                .query(BankRefunds::refund)
                .list();
    }

    List<BankRefund> dueForSettlement(Instant now, int limit) {
        return jdbc.sql("SELECT * FROM bank_refunds WHERE status = ? AND settle_at <= ? ORDER BY settle_at LIMIT ?")
                .params(BankRefund.ACCEPTED, utc(now), limit)
                .query(BankRefunds::refund)
                .list();
    }

    /** Settles (or rejects) an accepted refund; false if it was not ACCEPTED any more. */
    boolean settle(String refundId, String status, String rejectionCode, Instant at) {
        return jdbc.sql(
                                "UPDATE bank_refunds SET status = ?, rejection_code = ?, settled_at = ? WHERE refund_id = ? AND status = ?")
                        .params(status, rejectionCode, utc(at), refundId, BankRefund.ACCEPTED)
                        .update()
                == 1;
    }

    private static BankRefund refund(ResultSet rs, int row) throws SQLException {
        OffsetDateTime settled = rs.getObject("settled_at", OffsetDateTime.class);
        return new BankRefund(
                rs.getString("refund_id"),
                rs.getString("payment_reference"),
                rs.getLong("amount"),
                rs.getString("currency").trim(),
                rs.getString("reason"),
                rs.getString("status"),
                rs.getString("rejection_code"),
                rs.getObject("requested_at", OffsetDateTime.class).toInstant(),
                settled == null ? null : settled.toInstant());
    }
}
