package dev.orderflow.webhooks.delivery;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What was sent to an endpoint and every attempt, as the API lists them; resends and recovery. */
@Component
class DeliveryLog {

    private final JdbcClient jdbc;

    DeliveryLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Entry(
            long seq,
            String messageId,
            String type,
            String state,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Integer lastStatus,
            String payload) {}

    record Attempt(
            long id,
            Instant attemptedAt,
            Integer responseStatus,
            String error,
            long latencyMs,
            String responseBody,
            Instant nextAttemptAt) {}

    record Operational(long position, String messageId, String type, Instant createdAt, String payload) {}

    private static final String ENTRY =
            """
            SELECT d.seq, d.message_id, m.type, d.state, d.attempts, d.created_at, d.next_attempt_at, d.last_status, m.payload
            FROM deliveries d JOIN messages m ON m.id = d.message_id""";

    /** Newest first, before a seq; one more than asked if there is more. */
    List<Entry> entries(String endpointId, String state, long before, int limit) {
        if (state == null) {
            return jdbc.sql(ENTRY
                            + " WHERE d.endpoint_id = ? AND d.seq < ? ORDER BY d.seq DESC FETCH FIRST ? ROWS ONLY")
                    .params(endpointId, before, limit + 1)
                    .query(DeliveryLog::entry)
                    .list();
        }
        return jdbc.sql(
                        ENTRY
                                + " WHERE d.endpoint_id = ? AND d.seq < ? AND d.state = ? ORDER BY d.seq DESC FETCH FIRST ? ROWS ONLY")
                .params(endpointId, before, state, limit + 1)
                .query(DeliveryLog::entry)
                .list();
    }

    Optional<Entry> entry(String endpointId, String messageId) {
        return jdbc.sql(ENTRY + " WHERE d.endpoint_id = ? AND d.message_id = ?")
                .params(endpointId, messageId)
                .query(DeliveryLog::entry)
                .optional();
    }

    /** Oldest first, after an id; one more than asked if there is more. */
    List<Attempt> attempts(long deliverySeq, long after, int limit) {
        return jdbc.sql(
                        """
                SELECT * FROM attempts WHERE delivery_seq = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY""")
                .params(deliverySeq, after, limit + 1)
                .query((rs, row) -> new Attempt(
                        rs.getLong("id"),
                        instant(rs, "attempted_at"),
                        (Integer) rs.getObject("response_status"),
                        rs.getString("error"),
                        rs.getLong("latency_ms"),
                        rs.getString("response_body"),
                        instant(rs, "next_attempt_at")))
                .list();
    }

    /** The owner's operational events, newest first, before a position. */
    List<Operational> operational(String owner, long before, int limit) {
        return jdbc.sql(
                        """
                SELECT position, id, type, created_at, payload FROM messages
                WHERE owner = ? AND type IN (:types) AND position < ? ORDER BY position DESC FETCH FIRST ? ROWS ONLY"""
                                .replace(":types", "'endpoint.disabled', 'message.attempt.exhausted'"))
                .params(owner, before, limit + 1)
                .query((rs, row) -> new Operational(
                        rs.getLong("position"),
                        rs.getString("id"),
                        rs.getString("type"),
                        instant(rs, "created_at"),
                        rs.getString("payload")))
                .list();
    }

    /** Due again now, from the start of the schedule (the log keeps the earlier attempts). */
    void resend(long seq, Instant now) {
        jdbc.sql("UPDATE deliveries SET state = 'PENDING', step = 0, next_attempt_at = ? WHERE seq = ?")
                .params(utc(now), seq)
                .update();
    }

    /** Every FAILED delivery to the endpoint of a message created since then, due again now. */
    int recover(String endpointId, Instant since, Instant now) {
        return jdbc.sql(
                        """
                UPDATE deliveries SET state = 'PENDING', step = 0, next_attempt_at = ?
                WHERE endpoint_id = ? AND state = 'FAILED' AND created_at >= ?""")
                .params(utc(now), endpointId, utc(since))
                .update();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(
                rs.getLong("seq"),
                rs.getString("message_id"),
                rs.getString("type"),
                rs.getString("state"),
                rs.getInt("attempts"),
                instant(rs, "created_at"),
                instant(rs, "next_attempt_at"),
                (Integer) rs.getObject("last_status"),
                rs.getString("payload"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
