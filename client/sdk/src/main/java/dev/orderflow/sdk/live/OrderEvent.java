package dev.orderflow.sdk.live;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A push from the notifications service: an order's change ({@link #isResync()} false), or a
 * {@code resync} (the events after the position asked for are no longer buffered: refetch the
 * state over REST; the stream continues from {@link #position()}).
 *
 * @param position the stream position after this push, what a resume passes back
 * @param raw the message as received (WebSocket) or the SSE {@code data:} (both the same JSON)
 */
public record OrderEvent(
        String kind,
        String position,
        String eventId,
        String eventType,
        String orderId,
        long sequence,
        String oldStatus,
        String newStatus,
        Instant time,
        JsonNode raw) {

    public boolean isResync() {
        return "resync".equals(kind);
    }

    static OrderEvent of(String kind, String position, JsonNode message) {
        String time = message.path("time").asString(null);
        return new OrderEvent(
                kind,
                position,
                message.path("event_id").asString(null),
                message.path("event_type").asString(null),
                message.path("order_id").asString(null),
                message.path("sequence").asLong(0),
                message.path("old_status").asString(null),
                message.path("new_status").asString(null),
                time == null ? null : Instant.parse(time),
                message);
    }
}
