package dev.orderflow.webhooks.delivery;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The dispatcher's view of the deliveries table: what is due, leases, and the result of attempts. */
@Component
class Deliveries {

    private final JdbcClient jdbc;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A delivery due now; {@link #withMessage} adds what is sent once it is leased. */
    record Due(
            long seq,
            String messageId,
            String endpointId,
            String type,
            String owner,
            String payload,
            int attempts,
            int step,
            Integer lastStatus,
            String traceParent) {}

    /**
     * Due deliveries, oldest due first, skipping endpoints already at their cap and any message
     * whose order has an earlier message to the same endpoint still pending (one order's messages go
     * out in order). It reads the deliveries table alone, in the order of its index, so the database
     * stops after {@code limit} rows instead of sorting all that is due (with a join, H2 sorts).
     */
    List<Due> due(Instant now, int limit, Collection<String> saturated) {
        return jdbc.sql(
                        """
                SELECT d.seq, d.message_id, d.endpoint_id, d.attempts, d.step, d.last_status
                FROM deliveries d
                WHERE d.state = 'PENDING' AND d.next_attempt_at <= :now
                  AND (d.leased_until IS NULL OR d.leased_until < :now)
                  AND d.endpoint_id NOT IN (:saturated)
                  AND NOT EXISTS (
                      SELECT 1 FROM deliveries p
                      WHERE p.endpoint_id = d.endpoint_id AND p.order_id = d.order_id
                        AND p.seq < d.seq AND p.state = 'PENDING')
                ORDER BY d.state, d.next_attempt_at, d.seq
                FETCH FIRST :limit ROWS ONLY""")
                .param("now", utc(now))
                .param("saturated", saturated.isEmpty() ? List.of("-") : saturated)
                .param("limit", limit)
                .query((rs, row) -> new Due(
                        rs.getLong("seq"),
                        rs.getString("message_id"),
                        rs.getString("endpoint_id"),
                        null,
                        null,
                        null,
                        rs.getInt("attempts"),
                        rs.getInt("step"),
                        (Integer) rs.getObject("last_status"),
                        null))
                .list();
    }

    /** The leased delivery with its message's type, owner and body. */
    Due withMessage(Due due) {
        return jdbc.sql("SELECT type, owner, payload, trace_parent FROM messages WHERE id = ?")
                .param(due.messageId())
                .query((rs, row) -> new Due(
                        due.seq(),
                        due.messageId(),
                        due.endpointId(),
                        rs.getString("type"),
                        rs.getString("owner"),
                        rs.getString("payload"),
                        due.attempts(),
                        due.step(),
                        due.lastStatus(),
                        rs.getString("trace_parent")))
                .single();
    }

    /** A delivery to an endpoint disabled since it was queued: FAILED, recoverable once enabled. */
    void failed(long seq) {
        jdbc.sql("UPDATE deliveries SET state = 'FAILED', next_attempt_at = NULL, leased_until = NULL WHERE seq = ?")
                .param(seq)
                .update();
    }

    /** Takes the delivery for one attempt; false if another dispatcher has it. */
    boolean lease(long seq, Instant now, Instant until) {
        return jdbc.sql(
                                """
                UPDATE deliveries SET leased_until = ?
                WHERE seq = ? AND state = 'PENDING' AND (leased_until IS NULL OR leased_until < ?)""")
                        .params(utc(until), seq, utc(now))
                        .update()
                == 1;
    }

    /**
     * An attempt and what it leaves: DELIVERED, PENDING until {@code next}, or FAILED. False if the
     * delivery is gone (its endpoint was deleted during the attempt): nothing is recorded.
     */
    boolean attempted(Due due, Instant at, Sender.Outcome outcome, String state, int step, Instant next) {
        int updated = jdbc.sql(
                        """
                UPDATE deliveries SET state = ?, attempts = attempts + 1, step = ?, next_attempt_at = ?,
                    leased_until = NULL, last_status = ?
                WHERE seq = ?""")
                .params(state, step, utc(next), outcome.status(), due.seq())
                .update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql(
                        """
                INSERT INTO attempts (delivery_seq, attempted_at, response_status, error, latency_ms, response_body, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        due.seq(),
                        utc(at),
                        outcome.status(),
                        outcome.error() == null || outcome.error().length() <= 500
                                ? outcome.error()
                                : outcome.error().substring(0, 500),
                        outcome.latency().toMillis(),
                        outcome.body(),
                        utc(next))
                .update();
        return true;
    }
}
