package dev.orderflow.webhooks.delivery;

import dev.orderflow.webhooks.endpoint.Endpoint;
import dev.orderflow.webhooks.endpoint.Endpoints;
import dev.orderflow.webhooks.message.Messages;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code endpoint.disabled} and {@code message.attempt.exhausted}: stored as messages of the owner
 * (listed at {@code /api/webhook-events}) and sent to the owner's other endpoints that receive the
 * type. Never sent to the endpoint they are about, and an operational message that fails for good
 * raises no further event (no loops).
 */
@Component
class OperationalEvents {

    static final List<String> TYPES = List.of("endpoint.disabled", "message.attempt.exhausted");

    private final Endpoints endpoints;
    private final Messages messages;
    private final JsonMapper json;

    OperationalEvents(Endpoints endpoints, Messages messages, JsonMapper json) {
        this.endpoints = endpoints;
        this.messages = messages;
        this.json = json;
    }

    void endpointDisabled(Endpoint endpoint, String reason, Instant failingSince, Instant at) {
        ObjectNode data = json.createObjectNode()
                .put("endpoint_id", endpoint.id())
                .put("url", endpoint.url())
                .put("reason", reason)
                .put("failing_since", failingSince == null ? null : failingSince.toString());
        emit(endpoint, "endpoint.disabled", data, at);
    }

    void attemptsExhausted(Endpoint endpoint, Deliveries.Due due, int attempts, Integer lastStatus, Instant at) {
        if (TYPES.contains(due.type())) {
            return;
        }
        ObjectNode data = json.createObjectNode()
                .put("endpoint_id", endpoint.id())
                .put("message_id", due.messageId())
                .put("event_type", due.type())
                .put("attempts", attempts)
                .put("last_status", lastStatus);
        emit(endpoint, "message.attempt.exhausted", data, at);
    }

    /** Nulls are written out: the contract requires every member (the service default leaves them out). */
    private void emit(Endpoint about, String type, ObjectNode data, Instant at) {
        ObjectNode payload = json.createObjectNode().put("type", type).put("timestamp", at.toString());
        payload.set("data", data);
        List<Messages.Target> targets = endpoints.ofOwner(about.owner()).stream()
                .filter(endpoint -> !endpoint.id().equals(about.id()) && endpoint.accepts(type))
                .map(endpoint -> new Messages.Target(endpoint.id(), endpoint.enabled()))
                .toList();
        messages.store(
                new Messages.Message(Messages.newId(), type, null, about.owner(), json.writeValueAsString(payload), at),
                targets);
    }
}
