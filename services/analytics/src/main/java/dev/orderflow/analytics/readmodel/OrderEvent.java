package dev.orderflow.analytics.readmodel;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One order event as the read model reads it: the contract's common fields of every type
 * (order-events.yaml, OrderChange) and the rest of its payload as it came.
 *
 * @param type the CloudEvent type without its {@code dev.orderflow.order.} prefix
 */
public record OrderEvent(
        UUID eventId,
        String type,
        UUID orderId,
        String customerId,
        int sequence,
        String oldStatus,
        String newStatus,
        Instant occurredAt,
        JsonNode data) {

    static final String TYPE_PREFIX = "dev.orderflow.order.";

    boolean changesStatus() {
        return oldStatus == null || !oldStatus.equals(newStatus);
    }
}
