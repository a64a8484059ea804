package dev.orderflow.webhooks.message;

import static dev.orderflow.defaults.data.Timestamps.utc;

import dev.orderflow.defaults.tracing.TraceContexts;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a message with one delivery per target endpoint, in one transaction, before anything is
 * sent: a crash after this loses nothing. A message id that exists already (the same order event
 * read again from Kafka) stores nothing the second time.
 */
@Component
public class Messages {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TraceContexts traces;

    Messages(JdbcClient jdbc, ApplicationEventPublisher events, TraceContexts traces) {
        this.jdbc = jdbc;
        this.events = events;
        this.traces = traces;
    }

    /** Published when a message is stored (after its transaction commits, for listeners that ask). */
    public record Stored(String messageId) {}

    /**
     * What is sent. {@code payload} is the exact body; {@code orderId} orders one order's messages
     * to an endpoint; {@code owner} is set for messages that concern one partner only.
     */
    public record Message(String id, String type, String orderId, String owner, String payload, Instant createdAt) {}

    /** An endpoint to deliver to; a disabled one gets the message recorded FAILED, for recovery later. */
    public record Target(String endpointId, boolean enabled) {}

    /** {@code msg_} + the order event's id (hex): the same event is always the same message. */
    public static String idForEvent(UUID eventId) {
        return "msg_" + eventId.toString().replace("-", "");
    }

    /** {@code msg_} + 128 random bits, for pings and operational events. */
    public static String newId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "msg_" + HexFormat.of().formatHex(bytes);
    }

    /** Stores the message and its deliveries; false if it was stored before (nothing changes). */
    @Transactional
    public boolean store(Message message, List<Target> targets) {
        int inserted = jdbc.sql(
                        """
                INSERT INTO messages (id, type, order_id, owner, payload, created_at, trace_parent)
                SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM messages WHERE id = ?)""")
                .params(
                        message.id(),
                        message.type(),
                        message.orderId(),
                        message.owner(),
                        message.payload(),
                        utc(message.createdAt()),
                        traces.current(),
                        message.id())
                .update();
        if (inserted == 0) {
            return false;
        }
        for (Target target : targets) {
            jdbc.sql(
                            """
                    INSERT INTO deliveries (message_id, endpoint_id, order_id, state, attempts, step, next_attempt_at, created_at)
                    VALUES (?, ?, ?, ?, 0, 0, ?, ?)""")
                    .params(
                            message.id(),
                            target.endpointId(),
                            message.orderId(),
                            target.enabled() ? "PENDING" : "FAILED",
                            target.enabled() ? utc(message.createdAt()) : null,
                            utc(message.createdAt()))
                    .update();
        }
        events.publishEvent(new Stored(message.id()));
        return true;
    }

    /** An endpoint was disabled: what it still had to receive is recorded FAILED (recoverable). */
    public void failPending(String endpointId) {
        jdbc.sql(
                        "UPDATE deliveries SET state = 'FAILED', next_attempt_at = NULL WHERE endpoint_id = ? AND state = 'PENDING'")
                .param(endpointId)
                .update();
    }
}
