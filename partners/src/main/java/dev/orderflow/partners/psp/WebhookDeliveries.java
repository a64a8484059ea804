package dev.orderflow.partners.psp;

import static dev.orderflow.defaults.data.Timestamps.utc;

import dev.orderflow.defaults.tracing.TraceContexts;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The deliveries of events to an account's webhook endpoint: scheduled in the transaction that
 * records the event (an outbox, so no event is ever without its delivery), then sent, retried and
 * finished by {@link WebhookSender}.
 */
@Repository
class WebhookDeliveries {

    enum Status {
        PENDING,
        DELIVERED,
        FAILED,
        DROPPED
    }

    record Delivery(long id, String eventId, String accountId, String url, int attempts, String traceParent) {}

    private final JdbcClient jdbc;
    private final TraceContexts traces;

    WebhookDeliveries(JdbcClient jdbc, TraceContexts traces) {
        this.jdbc = jdbc;
        this.traces = traces;
    }

    void schedule(String eventId, String accountId, String url, Instant at, Instant now) {
        jdbc.sql(
                        """
                INSERT INTO psp_webhook_deliveries
                    (event_id, account_id, url, status, attempts, next_attempt_at, created_at, trace_parent)
                VALUES (?, ?, ?, 'PENDING', 0, ?, ?, ?)""")
                .params(eventId, accountId, url, utc(at), utc(now), traces.current())
                .update();
    }

    /** Pending deliveries whose time has come, in the order they are due. */
    List<Delivery> due(Instant now, int limit) {
        return jdbc.sql(
                        """
                SELECT id, event_id, account_id, url, attempts, trace_parent FROM psp_webhook_deliveries
                WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?""")
                .params(utc(now), limit)
                .query((rs, row) -> new Delivery(
                        rs.getLong("id"),
                        rs.getString("event_id"),
                        rs.getString("account_id"),
                        rs.getString("url"),
                        rs.getInt("attempts"),
                        rs.getString("trace_parent")))
                .list();
    }

    /**
     * Records one attempt and what follows: done, another attempt after {@code retryIn}, or given
     * up when {@code retryIn} is empty.
     */
    void attempted(
            Delivery delivery,
            Instant at,
            Integer responseStatus,
            String error,
            Duration took,
            Status outcome,
            Optional<Duration> retryIn) {
        int attempt = delivery.attempts() + 1;
        jdbc.sql(
                        """
                INSERT INTO psp_webhook_attempts (delivery_id, attempt, attempted_at, response_status, error, duration_ms)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(delivery.id(), attempt, utc(at), responseStatus, error, took.toMillis())
                .update();
        OffsetDateTime next = retryIn.map(wait -> utc(at.plus(wait))).orElse(null);
        jdbc.sql("UPDATE psp_webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ? WHERE id = ?")
                .params(outcome.name(), attempt, next, delivery.id())
                .update();
    }

    /** A delivery the drop fault lost on purpose: never sent, never retried. */
    void dropped(Delivery delivery) {
        jdbc.sql("UPDATE psp_webhook_deliveries SET status = 'DROPPED', next_attempt_at = NULL WHERE id = ?")
                .param(delivery.id())
                .update();
    }
}
