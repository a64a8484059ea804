package dev.orderflow.notifications.ws;

import dev.orderflow.notifications.NotificationsProperties;
import dev.orderflow.notifications.feed.Hub;
import dev.orderflow.notifications.push.Messages;
import dev.orderflow.notifications.push.Outbound.Closing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The WebSocket endpoint {@code /ws} ({@code contracts/asyncapi/notifications.yaml}). The handshake
 * was authenticated by Spring Security (bearer token, scope {@code orders:read}) and the origin
 * checked by Spring's allow-list; each connection then lives in a {@link SocketConnection}.
 */
@Component
public class NotificationSocket extends AbstractWebSocketHandler implements SubProtocolCapable, SchedulingConfigurer {

    public static final String PROTOCOL = "orderflow.v1";

    private final Hub hub;
    private final Messages messages;
    private final NotificationsProperties properties;
    private final JwtDecoder tokens;
    private final Map<String, SocketConnection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ws-timers").daemon().factory());

    public NotificationSocket(
            Hub hub, Messages messages, NotificationsProperties properties, JwtDecoder tokens, MeterRegistry meters) {
        this.hub = hub;
        this.messages = messages;
        this.properties = properties;
        this.tokens = tokens;
        Gauge.builder("orderflow.notifications.websocket.connections", connections, Map::size)
                .register(meters);
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of(PROTOCOL);
    }

    @Override
    public boolean supportsPartialMessages() {
        return true; // so the 64 KiB limit is ours (1009), not the container's buffer size
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        var token = ((JwtAuthenticationToken) session.getPrincipal()).getToken();
        var connection = new SocketConnection(session, token, hub, messages, properties, tokens, timers);
        connections.put(session.getId(), connection);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        SocketConnection connection = connections.get(session.getId());
        if (connection != null) {
            connection.received(message.getPayload(), message.isLast());
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        SocketConnection connection = connections.get(session.getId());
        if (connection != null) {
            connection.refuseBinary();
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        SocketConnection connection = connections.get(session.getId());
        if (connection != null) {
            connection.heardFrom();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) throws IOException {
        session.close(CloseStatus.SERVER_ERROR);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        SocketConnection connection = connections.remove(session.getId());
        if (connection != null) {
            connection.closed();
        }
    }

    /**
     * Pings every connection; closes those that answered nothing (no pong, no message) for two
     * intervals: a peer that vanished without closing its TCP connection is gone after two pings.
     */
    void keepalive() {
        Duration silence = properties.pingInterval().multipliedBy(2);
        connections.values().forEach(connection -> connection.keepalive(silence));
    }

    /**
     * Server shutting down: every client is told (1001) and can reconnect to another instance. The
     * context announces its close before it stops the web server, whose graceful shutdown would
     * otherwise wait for these never-ending connections.
     */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        connections.values().forEach(connection -> connection.closeWhenFree(Closing.SHUTDOWN));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedRateTask(this::keepalive, properties.pingInterval());
    }

    int connectionCount() {
        return connections.size();
    }
}
