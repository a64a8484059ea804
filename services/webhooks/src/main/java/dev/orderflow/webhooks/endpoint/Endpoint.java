package dev.orderflow.webhooks.endpoint;

import java.time.Instant;
import java.util.List;

/**
 * A partner's endpoint.
 *
 * @param eventTypes the types it receives; null for every type
 * @param scheme {@code v1} (HMAC with its secrets) or {@code v1a} (Ed25519, the service's keys)
 * @param failingSince the first failed attempt since the last success; null while healthy
 */
public record Endpoint(
        String id,
        long position,
        String owner,
        String url,
        String description,
        List<String> eventTypes,
        String scheme,
        boolean enabled,
        String disabledReason,
        Instant disabledAt,
        Instant failingSince,
        Instant createdAt,
        Instant updatedAt) {

    /** Every type a message can have, but {@code ping}, which an endpoint always receives. */
    public static final List<String> EVENT_TYPES = List.of(
            "order.placed",
            "order.status_changed",
            "order.payment_updated",
            "order.paid",
            "order.payment_failed",
            "order.shipment_created",
            "order.shipped",
            "order.delivered",
            "order.cancelled",
            "order.refund_requested",
            "order.refunded",
            "order.refund_failed",
            "endpoint.disabled",
            "message.attempt.exhausted");

    public boolean accepts(String type) {
        return eventTypes == null || eventTypes.contains(type);
    }
}
