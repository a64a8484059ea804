package dev.orderflow.webhooks.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderflow.defaults.InvalidInput;
import dev.orderflow.webhooks.endpoint.Endpoint;
import dev.orderflow.webhooks.endpoint.EndpointNotFound;
import dev.orderflow.webhooks.endpoint.EndpointStateConflict;
import dev.orderflow.webhooks.endpoint.Endpoints;
import dev.orderflow.webhooks.web.PageCursor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The delivery log of an endpoint and replay (webhooks.yaml, tag messages). */
@RestController
class DeliveryLogController {

    private static final Set<String> STATES = Set.of("PENDING", "DELIVERED", "FAILED");

    private final Endpoints endpoints;
    private final DeliveryLog log;
    private final Dispatcher dispatcher;
    private final JsonMapper json;
    private final Clock clock;

    DeliveryLogController(Endpoints endpoints, DeliveryLog log, Dispatcher dispatcher, JsonMapper json, Clock clock) {
        this.endpoints = endpoints;
        this.log = log;
        this.dispatcher = dispatcher;
        this.json = json;
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MessageView(
            String id,
            String eventType,
            String status,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Integer lastStatus,
            JsonNode payload) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AttemptView(
            Instant attemptedAt,
            Integer responseStatus,
            String error,
            long latencyMs,
            String responseBody,
            Instant nextAttemptAt) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record OperationalView(String messageId, String type, Instant createdAt, JsonNode payload) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Page<T>(List<T> data, String nextCursor) {}

    record Queued(String messageId) {}

    record Recovery(@NotNull Instant since) {}

    record Recovered(int resent) {}

    @GetMapping("/api/webhook-endpoints/{id}/messages")
    Page<MessageView> messages(
            @AuthenticationPrincipal Jwt token,
            @PathVariable String id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String status) {
        Endpoint endpoint = owned(token, id);
        if (status != null && !STATES.contains(status)) {
            throw new InvalidInput("status", "must be one of " + STATES);
        }
        int size = PageCursor.limit(limit);
        Long before = PageCursor.position(cursor);
        List<DeliveryLog.Entry> found =
                log.entries(endpoint.id(), status, before == null ? Long.MAX_VALUE : before, size);
        String next = found.size() > size ? PageCursor.of(found.get(size - 1).seq()) : null;
        return new Page<>(found.stream().limit(size).map(this::view).toList(), next);
    }

    @GetMapping("/api/webhook-endpoints/{id}/messages/{messageId}")
    MessageView message(@AuthenticationPrincipal Jwt token, @PathVariable String id, @PathVariable String messageId) {
        return view(entry(token, id, messageId));
    }

    @GetMapping("/api/webhook-endpoints/{id}/messages/{messageId}/attempts")
    Page<AttemptView> attempts(
            @AuthenticationPrincipal Jwt token,
            @PathVariable String id,
            @PathVariable String messageId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        DeliveryLog.Entry entry = entry(token, id, messageId);
        int size = PageCursor.limit(limit);
        Long after = PageCursor.position(cursor);
        List<DeliveryLog.Attempt> found = log.attempts(entry.seq(), after == null ? 0 : after, size);
        String next = found.size() > size ? PageCursor.of(found.get(size - 1).id()) : null;
        return new Page<>(
                found.stream()
                        .limit(size)
                        .map(a -> new AttemptView(
                                a.attemptedAt(),
                                a.responseStatus(),
                                a.error(),
                                a.latencyMs(),
                                a.responseBody(),
                                a.nextAttemptAt()))
                        .toList(),
                next);
    }

    @PostMapping("/api/webhook-endpoints/{id}/messages/{messageId}/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Queued resend(@AuthenticationPrincipal Jwt token, @PathVariable String id, @PathVariable String messageId) {
        DeliveryLog.Entry entry = entry(token, id, messageId);
        enabled(endpoints.find(id).orElseThrow());
        log.resend(entry.seq(), clock.instant());
        dispatcher.dispatchDue();
        return new Queued(entry.messageId());
    }

    @PostMapping("/api/webhook-endpoints/{id}/recover")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Recovered recover(@AuthenticationPrincipal Jwt token, @PathVariable String id, @Valid @RequestBody Recovery body) {
        Endpoint endpoint = enabled(owned(token, id));
        int resent = log.recover(endpoint.id(), body.since(), clock.instant());
        dispatcher.dispatchDue();
        return new Recovered(resent);
    }

    @GetMapping("/api/webhook-events")
    Page<OperationalView> operational(
            @AuthenticationPrincipal Jwt token,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageCursor.limit(limit);
        Long before = PageCursor.position(cursor);
        List<DeliveryLog.Operational> found =
                log.operational(token.getSubject(), before == null ? Long.MAX_VALUE : before, size);
        String next = found.size() > size ? PageCursor.of(found.get(size - 1).position()) : null;
        return new Page<>(
                found.stream()
                        .limit(size)
                        .map(o ->
                                new OperationalView(o.messageId(), o.type(), o.createdAt(), json.readTree(o.payload())))
                        .toList(),
                next);
    }

    private Endpoint owned(Jwt token, String id) {
        return endpoints.find(token.getSubject(), id).orElseThrow(() -> new EndpointNotFound(id));
    }

    private DeliveryLog.Entry entry(Jwt token, String id, String messageId) {
        Endpoint endpoint = owned(token, id);
        return log.entry(endpoint.id(), messageId).orElseThrow(() -> new EndpointNotFound(id, messageId));
    }

    private static Endpoint enabled(Endpoint endpoint) {
        if (!endpoint.enabled()) {
            throw new EndpointStateConflict("The endpoint is disabled; enable it first.");
        }
        return endpoint;
    }

    private MessageView view(DeliveryLog.Entry entry) {
        return new MessageView(
                entry.messageId(),
                entry.type(),
                entry.state(),
                entry.attempts(),
                entry.createdAt(),
                entry.nextAttemptAt(),
                entry.lastStatus(),
                json.readTree(entry.payload()));
    }
}
