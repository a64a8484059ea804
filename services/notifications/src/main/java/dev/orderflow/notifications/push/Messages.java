package dev.orderflow.notifications.push;

import dev.orderflow.notifications.feed.OrderChange;
import dev.orderflow.notifications.feed.Position;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's messages ({@code contracts/asyncapi/notifications.yaml}), rendered once per push with
 * the service's JSON settings (snake_case, absent rather than null).
 */
@Component
public class Messages {

    record Subscribed(String type, String topic, String id) {}

    record Unsubscribed(String type, String topic) {}

    record Resync(String type, String topic, String id) {}

    record Authenticated(String type, Instant expiresAt) {}

    record Error(String type, String code, String message) {}

    /** An event push without its first three fields (type, topic, id), which vary per subscription. */
    record EventBody(
            UUID eventId,
            String eventType,
            UUID orderId,
            long sequence,
            String oldStatus,
            String newStatus,
            Instant time,
            String traceId,
            OrderChange.Refund refund) {}

    private final JsonMapper json;
    private OrderChange lastChange;
    private String lastBody;

    public Messages(JsonMapper json) {
        this.json = json;
    }

    public String subscribed(Topic topic, Position position) {
        return json.writeValueAsString(new Subscribed("subscribed", topic.name(), position.toString()));
    }

    public String unsubscribed(Topic topic) {
        return json.writeValueAsString(new Unsubscribed("unsubscribed", topic.name()));
    }

    public String resync(Topic topic, Position position) {
        return json.writeValueAsString(new Resync("resync", topic.name(), position.toString()));
    }

    public String authenticated(Instant expiresAt) {
        return json.writeValueAsString(new Authenticated("authenticated", expiresAt));
    }

    public String error(String code, String message) {
        return json.writeValueAsString(new Error("error", code, message));
    }

    /**
     * An event push. One event goes to many subscriptions in a row (under the hub's lock), so its
     * body is rendered once and only the per-subscription head is written each time; topic and
     * position need no escaping (their formats allow only letters, digits, '/', ':', ',' and '-').
     */
    public String event(Topic topic, Position position, OrderChange change) {
        return "{\"type\":\"event\",\"topic\":\"" + topic.name() + "\",\"id\":\"" + position + "\"," + body(change);
    }

    private synchronized String body(OrderChange change) {
        if (change != lastChange) {
            lastBody = json.writeValueAsString(render(change)).substring(1);
            lastChange = change;
        }
        return lastBody;
    }

    private static EventBody render(OrderChange change) {
        return new EventBody(
                change.eventId(),
                change.eventType(),
                change.orderId(),
                change.sequence(),
                change.oldStatus(),
                change.newStatus(),
                change.time(),
                change.traceId(),
                change.refund());
    }
}
