package dev.orderflow.webhooks.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderflow.defaults.InvalidInput;
import dev.orderflow.webhooks.web.PageCursor;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/webhook-endpoints}: a partner's own endpoints (webhooks.yaml, tag endpoints). */
@RestController
@RequestMapping("/api/webhook-endpoints")
class EndpointController {

    private static final Set<String> UPDATABLE = Set.of("url", "description", "event_types");

    private final EndpointDesk desk;
    private final Endpoints endpoints;

    EndpointController(EndpointDesk desk, Endpoints endpoints) {
        this.desk = desk;
        this.endpoints = endpoints;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> create(
            @AuthenticationPrincipal Jwt token,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody EndpointRequest request) {
        EndpointDesk.Creation created = desk.create(token.getSubject(), key, request);
        var response = ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/webhook-endpoints/" + created.id()))
                .contentType(MediaType.APPLICATION_JSON);
        if (created.replayed()) {
            response.header("Idempotency-Replayed", "true");
        }
        return response.body(created.body());
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Page(List<EndpointView> data, String nextCursor) {}

    @GetMapping
    Page list(
            @AuthenticationPrincipal Jwt token,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageCursor.limit(limit);
        Long after = PageCursor.position(cursor);
        List<Endpoint> found = endpoints.page(token.getSubject(), after == null ? 0 : after, size);
        List<EndpointView> data =
                found.stream().limit(size).map(EndpointView::of).toList();
        String next = found.size() > size ? PageCursor.of(found.get(size - 1).position()) : null;
        return new Page(data, next);
    }

    @GetMapping("/{id}")
    EndpointView get(@AuthenticationPrincipal Jwt token, @PathVariable String id) {
        return EndpointView.of(desk.get(token.getSubject(), id));
    }

    /** JSON merge-patch semantics on three members: absent keeps, null clears (RFC 7396). */
    @PatchMapping(
            path = "/{id}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    EndpointView update(@AuthenticationPrincipal Jwt token, @PathVariable String id, @RequestBody JsonNode body) {
        return EndpointView.of(desk.update(token.getSubject(), id, changes(body)));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal Jwt token, @PathVariable String id) {
        desk.delete(token.getSubject(), id);
    }

    @PostMapping("/{id}/disable")
    EndpointView disable(@AuthenticationPrincipal Jwt token, @PathVariable String id) {
        return EndpointView.of(desk.disable(token.getSubject(), id));
    }

    @PostMapping("/{id}/enable")
    EndpointView enable(@AuthenticationPrincipal Jwt token, @PathVariable String id) {
        return EndpointView.of(desk.enable(token.getSubject(), id));
    }

    record Rotated(String secret, Instant previousSecretExpiresAt) {}

    @PostMapping("/{id}/secret/rotate")
    Rotated rotate(@AuthenticationPrincipal Jwt token, @PathVariable String id) {
        EndpointDesk.Rotation rotation = desk.rotate(token.getSubject(), id);
        return new Rotated(rotation.secret(), rotation.previousSecretExpiresAt());
    }

    record Queued(String messageId) {}

    @PostMapping("/{id}/ping")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Queued ping(@AuthenticationPrincipal Jwt token, @PathVariable String id) {
        return new Queued(desk.ping(token.getSubject(), id));
    }

    private static Map<String, Optional<Object>> changes(JsonNode body) {
        if (!body.isObject() || body.isEmpty()) {
            throw new InvalidInput("body", "must be an object naming at least one of " + UPDATABLE);
        }
        Map<String, Optional<Object>> changes = new LinkedHashMap<>();
        for (String name : body.propertyNames()) {
            JsonNode value = body.get(name);
            switch (name) {
                case "url" -> {
                    if (!value.isString()
                            || value.asString().isBlank()
                            || value.asString().length() > 2048) {
                        throw new InvalidInput("url", "must be a URL of at most 2048 characters");
                    }
                    changes.put(name, Optional.of(value.asString()));
                }
                case "description" -> {
                    if (!value.isNull()
                            && (!value.isString()
                                    || value.asString()
                                                    .codePointCount(
                                                            0, value.asString().length())
                                            > 500)) {
                        throw new InvalidInput("description", "must be a string of at most 500 characters, or null");
                    }
                    changes.put(name, value.isNull() ? Optional.empty() : Optional.of(value.asString()));
                }
                case "event_types" -> {
                    if (value.isNull()) {
                        changes.put(name, Optional.empty());
                    } else if (value.isArray()) {
                        List<String> types = new ArrayList<>();
                        for (JsonNode type : value) {
                            if (!type.isString()) {
                                throw new InvalidInput("event_types", "must be an array of event types, or null");
                            }
                            types.add(type.asString());
                        }
                        changes.put(name, Optional.of(types));
                    } else {
                        throw new InvalidInput("event_types", "must be an array of event types, or null");
                    }
                }
                default -> throw new InvalidInput(name, "is not a member an endpoint update may have " + UPDATABLE);
            }
        }
        return changes;
    }
}
