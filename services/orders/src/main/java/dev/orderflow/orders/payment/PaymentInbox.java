package dev.orderflow.orders.payment;

import static dev.orderflow.defaults.data.Timestamps.utc;

import dev.orderflow.defaults.tracing.TraceContexts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider's events as received, one row per event id: the receiver acknowledges once the row
 * is committed, and processing works from here, so a webhook is never lost once acknowledged and a
 * repeated delivery never has a second effect.
 */
@Repository
public class PaymentInbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final TraceContexts traces;

    PaymentInbox(
            JdbcClient jdbc, Clock clock, JsonMapper json, ApplicationEventPublisher events, TraceContexts traces) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
        this.events = events;
        this.traces = traces;
    }

    /**
     * An event to process: its intent as the event showed it (no client secret in events), and the
     * trace of the webhook call that delivered it.
     */
    public record Pending(
            String eventId,
            String type,
            Instant created,
            PaymentProvider.Intent intent,
            int attempts,
            String traceParent) {}

    /** Events not processed yet whose next attempt is due, in the order the provider created them. */
    public List<Pending> due(int limit) {
        return jdbc.sql(
                        """
                SELECT event_id, type, payload, attempts, trace_parent FROM payment_inbox
                WHERE processed_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                ORDER BY received_at, event_id LIMIT ?""")
                .params(utc(clock.instant()), limit)
                .query((rs, row) -> {
                    JsonNode event = json.readTree(rs.getString("payload"));
                    return new Pending(
                            rs.getString("event_id"),
                            rs.getString("type"),
                            Instant.ofEpochSecond(event.path("created").asLong(0)),
                            PaymentProvider.Intent.of(event.path("data").path("object")),
                            rs.getInt("attempts"),
                            rs.getString("trace_parent"));
                })
                .list();
    }

    /** Done with: what processing concluded, for operators. */
    public void processed(String eventId, String outcome) {
        jdbc.sql("UPDATE payment_inbox SET processed_at = ?, outcome = ? WHERE event_id = ?")
                .params(utc(clock.instant()), clip(outcome), eventId)
                .update();
    }

    /** Not done: try again after {@code delay}. */
    public void retryLater(String eventId, Duration delay, String outcome) {
        jdbc.sql(
                        "UPDATE payment_inbox SET attempts = attempts + 1, next_attempt_at = ?, outcome = ? WHERE event_id = ?")
                .params(utc(clock.instant().plus(delay)), clip(outcome), eventId)
                .update();
    }

    /**
     * Forgets events processed before {@code before}: the inbox de-duplicates for as long as the
     * provider may still re-deliver, not for ever (and a copy arriving later still has no second
     * effect, processing being idempotent).
     *
     * @return how many were forgotten
     */
    public int purgeProcessedBefore(Instant before) {
        return jdbc.sql("DELETE FROM payment_inbox WHERE processed_at IS NOT NULL AND processed_at < ?")
                .param(utc(before))
                .update();
    }

    public long unprocessed() {
        return jdbc.sql("SELECT COUNT(*) FROM payment_inbox WHERE processed_at IS NULL")
                .query(Long.class)
                .single();
    }

    /** Published when an event was kept (after the commit, if in a transaction). */
    public record Received(String eventId) {}

    /** Keeps the event; false when its id was received before (nothing changes then). */
    boolean receive(String eventId, String type, String payload) {
        // A repeat is the common case under at-least-once delivery: answered by the statement (0 rows),
        // not by an exception; the primary key still decides when two copies race.
        try {
            boolean kept = jdbc.sql(
                                    """
                            INSERT INTO payment_inbox (event_id, type, payload, received_at, trace_parent)
                            SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM payment_inbox WHERE event_id = ?)""")
                            .params(eventId, type, payload, utc(clock.instant()), traces.current(), eventId)
                            .update()
                    == 1;
            if (kept) {
                events.publishEvent(new Received(eventId)); // processing need not wait for its next round
            }
            return kept;
        } catch (DuplicateKeyException alreadyReceived) {
            return false;
        }
    }

    private static String clip(String outcome) {
        return outcome.length() > 300 ? outcome.substring(0, 297) + "..." : outcome;
    }
}
