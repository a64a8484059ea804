package dev.orderflow.notifications.sse;

import static dev.orderflow.defaults.Problems.abbreviate;

import dev.orderflow.defaults.Problems;
import dev.orderflow.defaults.security.Caller;
import dev.orderflow.notifications.NotificationsProperties;
import dev.orderflow.notifications.feed.Hub;
import dev.orderflow.notifications.feed.Position;
import dev.orderflow.notifications.push.Messages;
import dev.orderflow.notifications.push.Topic;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events: {@code GET /api/events} (all of the caller's orders) and
 * {@code GET /api/orders/{id}/events} (one order), resumable with {@code Last-Event-ID}.
 */
@RestController
class EventStreams implements SchedulingConfigurer {

    private final Hub hub;
    private final Messages messages;
    private final NotificationsProperties properties;
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();

    EventStreams(Hub hub, Messages messages, NotificationsProperties properties, MeterRegistry meters) {
        this.hub = hub;
        this.messages = messages;
        this.properties = properties;
        Gauge.builder("orderflow.notifications.sse.streams", streams, Set::size).register(meters);
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter allOrders(
            @AuthenticationPrincipal Jwt token,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return stream(Topic.ALL, token, lastEventId);
    }

    @GetMapping(path = "/api/orders/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter oneOrder(
            @PathVariable String id,
            @AuthenticationPrincipal Jwt token,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        UUID orderId;
        try {
            orderId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidOrderId(id);
        }
        return stream(Topic.order(orderId), token, lastEventId);
    }

    /** Keeps idle streams open through proxies, and finds the clients that went away. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedRateTask(() -> streams.forEach(SseStream::heartbeat), properties.sseHeartbeat());
    }

    /**
     * Ends every stream before the web server's graceful shutdown (the context announces its close
     * before it stops the server), which would otherwise wait for these never-ending responses;
     * clients reconnect (to another instance) with Last-Event-ID.
     */
    @EventListener(ContextClosedEvent.class)
    void endAll() {
        streams.forEach(SseStream::end);
    }

    private SseEmitter stream(Topic topic, Jwt token, String lastEventId) {
        Position resumeFrom = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                resumeFrom = Position.parse(lastEventId.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidLastEventId(e.getMessage());
            }
        }
        // The stream ends when the token does; the client reconnects with a fresh one and Last-Event-ID.
        long lifetime = Math.max(
                1, Duration.between(Instant.now(), token.getExpiresAt()).toMillis());
        var stream =
                new SseStream(new SseEmitter(lifetime), topic, Caller.of(token), messages, properties, streams::remove);
        streams.add(stream);
        stream.start(hub, resumeFrom);
        return stream.emitter();
    }

    @ExceptionHandler
    ProblemDetail invalidOrderId(InvalidOrderId e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-order-id", "Invalid order id", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidLastEventId(InvalidLastEventId e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-last-event-id", "Invalid Last-Event-ID", e.getMessage());
    }

    static class InvalidOrderId extends RuntimeException {
        InvalidOrderId(String id) {
            super("'" + abbreviate(id) + "' is not an order id.");
        }
    }

    static class InvalidLastEventId extends RuntimeException {
        InvalidLastEventId(String reason) {
            super(reason);
        }
    }
}
