package dev.orderflow.orders.order;

import static dev.orderflow.defaults.data.Timestamps.utc;

import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.orders.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The refunds of orders, and the refund job's to-do list. A refund's status changes only with its
 * order ({@link Orders#update} saves both); the job's own bookkeeping (what the bank last said, how
 * often it tried, when to try next) is kept here, outside the order's version.
 */
@Repository
class Refunds {

    private static final String COLUMNS = "id, order_id, amount_minor, currency, reason, status, failure_reason,"
            + " created_at, updated_at, bank_status, attempts";

    private final JdbcClient jdbc;
    private final TraceContexts traces;

    Refunds(JdbcClient jdbc, TraceContexts traces) {
        this.jdbc = jdbc;
        this.traces = traces;
    }

    /** A new refund, due at once. */
    void insert(Refund refund) {
        jdbc.sql(
                        """
                INSERT INTO refunds (id, order_id, amount_minor, currency, reason, status, created_at, updated_at,
                    next_attempt_at, trace_parent)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        refund.id(),
                        refund.orderId(),
                        refund.amount().amountMinor(),
                        refund.amount().currency(),
                        refund.reason(),
                        refund.status().name(),
                        utc(refund.createdAt()),
                        utc(refund.updatedAt()),
                        utc(refund.createdAt()),
                        traces.current())
                .update();
    }

    /** A refund that reached its end (refunded or failed): off the to-do list. */
    void ended(Refund refund) {
        jdbc.sql(
                        """
                UPDATE refunds SET status = ?, failure_reason = ?, updated_at = ?, next_attempt_at = NULL
                WHERE id = ? AND status = 'REQUESTED'""")
                .params(refund.status().name(), refund.failureReason(), utc(refund.updatedAt()), refund.id())
                .update();
    }

    List<Refund> ofOrder(UUID orderId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM refunds WHERE order_id = ? ORDER BY created_at, id")
                .param(orderId)
                .query(Refunds::refund)
                .list();
    }

    Optional<Refund> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM refunds WHERE id = ?")
                .param(id)
                .query(Refunds::refund)
                .optional();
    }

    /**
     * A requested refund whose next attempt is due.
     *
     * @param bankStatus what the bank last said of it (null: no answer yet, so it is asked for again)
     */
    /** A refund the job should move on now; {@code traceParent} is the trace of its request. */
    record Due(Refund refund, String bankStatus, int attempts, String traceParent) {}

    /** Refunds due for an attempt, the longest waiting first. */
    List<Due> due(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + ", trace_parent FROM refunds WHERE next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at LIMIT ?")
                .params(utc(now), limit)
                .query((rs, row) -> new Due(
                        refund(rs, row),
                        rs.getString("bank_status"),
                        rs.getInt("attempts"),
                        rs.getString("trace_parent")))
                .list();
    }

    /** After an attempt that ended nothing: what the bank said (if it answered), and when to try again. */
    void attempted(UUID id, String bankStatus, int attempts, Instant next, String error) {
        jdbc.sql(
                        """
                UPDATE refunds SET bank_status = ?, attempts = ?, next_attempt_at = ?, last_error = ?
                WHERE id = ? AND status = 'REQUESTED'""")
                .params(bankStatus, attempts, utc(next), error == null ? null : abbreviate(error), id)
                .update();
    }

    private static String abbreviate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    private static Refund refund(ResultSet rs, int row) throws SQLException {
        return new Refund(
                rs.getObject("id", UUID.class),
                rs.getObject("order_id", UUID.class),
                new Money(rs.getLong("amount_minor"), rs.getString("currency")),
                rs.getString("reason"),
                Refund.Status.valueOf(rs.getString("status")),
                rs.getString("failure_reason"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
