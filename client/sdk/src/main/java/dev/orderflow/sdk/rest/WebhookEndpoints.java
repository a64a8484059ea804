package dev.orderflow.sdk.rest;

import dev.orderflow.sdk.http.ApiRequest;
import dev.orderflow.sdk.http.HttpTransport;
import dev.orderflow.sdk.paging.Paged;
import dev.orderflow.sdk.rest.Models.Endpoint;
import dev.orderflow.sdk.rest.Models.EndpointRequest;
import dev.orderflow.sdk.rest.Models.Message;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A partner's merchant webhook endpoints ({@code /api/webhook-endpoints} at the webhooks service). */
public final class WebhookEndpoints extends RestClient {

    /** A rotated secret and when the previous one stops signing. */
    public record RotatedSecret(String secret, Instant previousSecretExpiresAt) {}

    public WebhookEndpoints(HttpTransport transport, URI webhooks) {
        super(transport, webhooks);
    }

    /** Registers an endpoint; its secret is in the answer, and only there. */
    public Endpoint create(EndpointRequest request) {
        return create(request, newKey());
    }

    public Endpoint create(EndpointRequest request, String idempotencyKey) {
        return postKeyed("/api/webhook-endpoints", request, idempotencyKey, Endpoint.class);
    }

    public Paged<Endpoint> list() {
        return new Paged<>(
                Optional.empty(),
                position -> cursorPage("/api/webhook-endpoints?limit=100", position, Endpoint.class, "data"));
    }

    public Endpoint get(String id) {
        return get(path(id), Endpoint.class);
    }

    /** JSON merge patch of url, description, event_types (only the members given change). */
    public Endpoint update(String id, Map<String, Object> changes) {
        var request = new ApiRequest(
                "PATCH", uri(path(id)), Map.of(), transport.write(changes), "application/json", false, true);
        return transport.read(transport.exchange(request), Endpoint.class);
    }

    public void delete(String id) {
        transport.exchange(ApiRequest.get(uri(path(id))).withMethod("DELETE", true));
    }

    public Endpoint disable(String id) {
        return transport.read(post(path(id) + "/disable", null, Map.of()), Endpoint.class);
    }

    public Endpoint enable(String id) {
        return transport.read(post(path(id) + "/enable", null, Map.of()), Endpoint.class);
    }

    public RotatedSecret rotateSecret(String id) {
        return transport.read(post(path(id) + "/secret/rotate", null, Map.of()), RotatedSecret.class);
    }

    /** Queues a ping; returns its message id. */
    public String ping(String id) {
        return messageId(transport.read(post(path(id) + "/ping", null, Map.of()), JsonNode.class));
    }

    /** The endpoint's messages, newest first; {@code status} PENDING, DELIVERED or FAILED, or null for all. */
    public Paged<Message> messages(String id, String status) {
        StringBuilder first = new StringBuilder(path(id) + "/messages");
        Links.param(first, "limit", 100);
        Links.param(first, "status", status);
        String firstPage = first.toString();
        return new Paged<>(Optional.empty(), position -> cursorPage(firstPage, position, Message.class, "data"));
    }

    public String resend(String id, String messageId) {
        return messageId(transport.read(
                post(path(id) + "/messages/" + Links.q(messageId) + "/resend", null, Map.of()), JsonNode.class));
    }

    /** Resends every message that failed since {@code since}. */
    public JsonNode recover(String id, Instant since) {
        return transport.read(post(path(id) + "/recover", Map.of("since", since.toString()), Map.of()), JsonNode.class);
    }

    private static String path(String id) {
        return "/api/webhook-endpoints/" + Links.q(id);
    }

    private static String messageId(JsonNode body) {
        return body.path("message_id").asString(null);
    }
}
