package dev.orderflow.notifications.ws;

import static dev.orderflow.defaults.Problems.abbreviate;

import dev.orderflow.defaults.security.Caller;
import dev.orderflow.notifications.NotificationsProperties;
import dev.orderflow.notifications.feed.Hub;
import dev.orderflow.notifications.feed.OrderChange;
import dev.orderflow.notifications.feed.Position;
import dev.orderflow.notifications.push.Messages;
import dev.orderflow.notifications.push.Outbound;
import dev.orderflow.notifications.push.Outbound.Closing;
import dev.orderflow.notifications.push.Subscription;
import dev.orderflow.notifications.push.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One WebSocket client: its token, its subscriptions, its outbound backlog and its liveness. */
final class SocketConnection implements Subscription.Sink, Outbound.Transport<String> {

    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    private final WebSocketSession session;
    private final Caller viewer;
    private final Hub hub;
    private final Messages messages;
    private final NotificationsProperties properties;
    private final JwtDecoder tokens;
    private final ScheduledExecutorService timers;
    private final Outbound<String> outbound;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private long partialBytes;
    private volatile long lastHeard = System.nanoTime();
    private boolean oversized;
    private ScheduledFuture<?> expiry;

    SocketConnection(
            WebSocketSession session,
            Jwt token,
            Hub hub,
            Messages messages,
            NotificationsProperties properties,
            JwtDecoder tokens,
            ScheduledExecutorService timers) {
        this.session = session;
        this.viewer = Caller.of(token);
        this.hub = hub;
        this.messages = messages;
        this.properties = properties;
        this.tokens = tokens;
        this.timers = timers;
        this.outbound = new Outbound<>(session.getId(), properties.outboundLimit(), this);
        expireAt(token.getExpiresAt());
    }

    /** A text frame (or part of one): joined, checked against the size limit, then handled. */
    synchronized void received(String text, boolean last) {
        heardFrom();
        if (oversized) {
            return;
        }
        partialBytes += text.getBytes(StandardCharsets.UTF_8).length;
        if (partialBytes > properties.maxMessageSize().toBytes()) {
            oversized = true;
            partial.setLength(0);
            outbound.close(Closing.TOO_BIG);
            return;
        }
        partial.append(text);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            partialBytes = 0;
            handle(message);
        }
    }

    void refuseBinary() {
        outbound.close(Closing.BINARY);
    }

    void heardFrom() {
        lastHeard = System.nanoTime();
    }

    void keepalive(Duration silence) {
        if (System.nanoTime() - lastHeard > silence.toNanos()) {
            outbound.abort(Closing.DEAD_PEER);
        } else {
            outbound.keepalive();
        }
    }

    void closeWhenFree(Closing closing) {
        outbound.close(closing);
    }

    synchronized void closed() {
        outbound.stopped();
        if (expiry != null) {
            expiry.cancel(false);
        }
        subscriptions.values().forEach(hub::unsubscribe);
        subscriptions.clear();
    }

    private void handle(String text) {
        JsonNode message;
        try {
            message = PLAIN.readTree(text);
        } catch (JacksonException e) {
            error("malformed", "not JSON: " + abbreviate(text));
            return;
        }
        if (!message.isObject() || !message.path("type").isString()) {
            error("malformed", "a message is a JSON object with a string 'type'");
            return;
        }
        switch (message.get("type").asString()) {
            case "subscribe" -> subscribe(message);
            case "unsubscribe" -> unsubscribe(message);
            case "authenticate" -> authenticate(message);
            default -> error(
                    "unknown_type",
                    "unknown message type '" + abbreviate(message.get("type").asString()) + "'");
        }
    }

    private void subscribe(JsonNode message) {
        Topic topic;
        Position resumeFrom = null;
        try {
            topic = Topic.parse(message.path("topic").asString(null));
        } catch (IllegalArgumentException e) {
            error("invalid_topic", e.getMessage());
            return;
        }
        if (message.has("last_event_id")) {
            try {
                resumeFrom = Position.parse(message.get("last_event_id").asString(null));
            } catch (IllegalArgumentException e) {
                error("invalid_last_event_id", e.getMessage());
                return;
            }
        }
        Subscription previous = subscriptions.remove(topic.name());
        if (previous != null) {
            hub.unsubscribe(previous); // subscribing again restarts the topic (e.g. to resume it)
        } else if (subscriptions.size() >= properties.maxSubscriptions()) {
            error(
                    "too_many_subscriptions",
                    "at most " + properties.maxSubscriptions() + " subscriptions per connection");
            return;
        }
        var subscription = new Subscription(topic, viewer, this);
        subscriptions.put(topic.name(), subscription);
        hub.subscribe(subscription, resumeFrom);
    }

    private void unsubscribe(JsonNode message) {
        Topic topic;
        try {
            topic = Topic.parse(message.path("topic").asString(null));
        } catch (IllegalArgumentException e) {
            error("invalid_topic", e.getMessage());
            return;
        }
        Subscription subscription = subscriptions.remove(topic.name());
        if (subscription != null) {
            hub.unsubscribe(subscription);
        }
        outbound.push(messages.unsubscribed(topic));
    }

    /** A fresh token for the same subject keeps the connection open past the first token's expiry. */
    private void authenticate(JsonNode message) {
        Jwt fresh;
        try {
            fresh = tokens.decode(message.path("token").asString(""));
        } catch (JwtException | IllegalArgumentException e) {
            error("invalid_token", "the token was not accepted: " + e.getMessage());
            return;
        }
        if (!viewer.sameAs(Caller.of(fresh))
                || !fresh.getClaimAsStringList("scope").contains("orders:read")) {
            error("invalid_token", "the token must be for the same subject, with scope orders:read");
            return;
        }
        expireAt(fresh.getExpiresAt());
        outbound.push(messages.authenticated(fresh.getExpiresAt()));
    }

    private void expireAt(Instant expiresAt) {
        if (expiry != null) {
            expiry.cancel(false);
        }
        long delay = Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
        expiry = timers.schedule(() -> outbound.close(Closing.TOKEN_EXPIRED), delay, TimeUnit.MILLISECONDS);
    }

    private void error(String code, String message) {
        outbound.push(messages.error(code, message));
    }

    // Subscription.Sink: called by the hub (under its lock); renders and queues, never writes.

    @Override
    public void started(Subscription subscription, Position position) {
        outbound.push(messages.subscribed(subscription.topic(), position));
    }

    @Override
    public void event(Subscription subscription, OrderChange event, Position position, boolean replayed) {
        String text = messages.event(subscription.topic(), position, event);
        if (replayed) {
            outbound.replay(text);
        } else {
            outbound.push(text);
        }
    }

    @Override
    public void resync(Subscription subscription, Position position) {
        outbound.push(messages.subscribed(subscription.topic(), position));
        outbound.push(messages.resync(subscription.topic(), position));
    }

    // Outbound.Transport: called only by the connection's writer thread.

    @Override
    public void send(String message) throws IOException {
        session.sendMessage(new TextMessage(message));
    }

    @Override
    public void keepalive() throws IOException {
        session.sendMessage(new PingMessage());
    }

    @Override
    public void close(Closing closing) {
        try {
            session.close(new CloseStatus(closing.code, closing.reason));
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }
}
