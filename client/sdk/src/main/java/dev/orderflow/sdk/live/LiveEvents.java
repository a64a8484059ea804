package dev.orderflow.sdk.live;

import dev.orderflow.sdk.OrderflowException;
import dev.orderflow.sdk.auth.TokenSource;
import dev.orderflow.sdk.http.RequestLog;
import dev.orderflow.sdk.stream.Listener;
import dev.orderflow.sdk.stream.Reconnecting;
import dev.orderflow.sdk.stream.Subscription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live order events from the notifications service, over WebSocket ({@code /ws}, subprotocol
 * {@code orderflow.v1}) or Server-Sent Events ({@code /api/events}, {@code /api/orders/{id}/events}).
 * Both reconnect by themselves after a drop, a {@code 1013}/{@code 1001} close, a server restart or
 * an expired token (a fresh token is fetched), and resume from the last position delivered
 * ({@code last_event_id} / {@code Last-Event-ID}): every event once, in order.
 */
public final class LiveEvents {

    /** Close codes after which reconnecting cannot help. */
    private static final Set<Integer> FINAL_CLOSE_CODES = Set.of(1002, 1003, 1007, 1009, 1010);

    private final URI notifications;
    private final TokenSource tokens;
    private final JsonMapper json;
    private final ScheduledExecutorService scheduler;
    private final RequestLog log;
    private final Duration connectTimeout;
    private final HttpClient http;

    public LiveEvents(
            URI notifications,
            TokenSource tokens,
            JsonMapper json,
            ScheduledExecutorService scheduler,
            RequestLog log,
            Duration connectTimeout) {
        this.notifications = notifications;
        this.tokens = tokens;
        this.json = json;
        this.scheduler = scheduler;
        this.log = log;
        this.connectTimeout = connectTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** A refusal (bad request, forbidden) or a close code that says reconnecting cannot help. */
    static final class Refused extends OrderflowException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * WebSocket subscription to {@code orderId}'s events, or to all of the caller's orders when
     * {@code orderId} is null, from {@code fromPosition} (null: from now).
     */
    public Subscription websocket(String orderId, String fromPosition, Listener<OrderEvent> listener) {
        String topic = orderId == null ? "orders" : "orders/" + orderId;
        var position = new AtomicReference<>(fromPosition);
        return resuming(connection -> openSocket(topic, position, connection), listener);
    }

    /** The same over Server-Sent Events. */
    public Subscription sse(String orderId, String fromPosition, Listener<OrderEvent> listener) {
        URI uri = notifications.resolve(orderId == null ? "/api/events" : "/api/orders/" + orderId + "/events");
        var position = new AtomicReference<>(fromPosition);
        return resuming(connection -> openStream(uri, position, connection), listener);
    }

    /** Reconnects after anything but a refusal, up to 10 failed connections in a row. */
    private Subscription resuming(Reconnecting.Connector<OrderEvent> connector, Listener<OrderEvent> listener) {
        return new Reconnecting<>(connector, listener, scheduler, failure -> !(failure instanceof Refused), 10).start();
    }

    /** Any subscription as a {@link Flow.Publisher} (e.g. {@code live.publisher(l -> live.sse(null, null, l))}). */
    public static Flow.Publisher<OrderEvent> publisher(Function<Listener<OrderEvent>, Subscription> subscribe) {
        var publisher = new SubmissionPublisher<OrderEvent>();
        var subscription = subscribe.apply(new Listener<>() {
            @Override
            public void onItem(OrderEvent item) {
                publisher.submit(item); // blocks while a subscriber's buffer is full: back-pressure
            }

            @Override
            public void onCompleted() {
                publisher.close();
            }

            @Override
            public void onError(Throwable error) {
                publisher.closeExceptionally(error);
            }
        });
        return subscriber -> {
            publisher.subscribe(subscriber);
            if (subscription.isDone()) {
                publisher.close();
            }
        };
    }

    private AutoCloseable openSocket(
            String topic, AtomicReference<String> position, Reconnecting.Connection<OrderEvent> connection) {
        URI uri =
                URI.create(notifications.toString().replaceFirst("^http", "ws")).resolve("/ws");
        log.line("→ WebSocket " + uri + " subscribe " + topic
                + (position.get() == null ? "" : " [last_event_id: " + position.get() + "]"));
        var socketListener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void onOpen(WebSocket socket) {
                var subscribe = new java.util.LinkedHashMap<String, Object>();
                subscribe.put("type", "subscribe");
                subscribe.put("topic", topic);
                if (position.get() != null) {
                    subscribe.put("last_event_id", position.get());
                }
                socket.sendText(json.writeValueAsString(subscribe), true);
                socket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    handle(json.readTree(message));
                }
                socket.request(1);
                return null;
            }

            private void handle(JsonNode message) {
                String type = message.path("type").asString("");
                switch (type) {
                    case "subscribed" -> {
                        if (position.get() == null) {
                            position.set(message.path("id").asString(null));
                        }
                        log.line("← subscribed " + message.path("topic").asString() + " at "
                                + message.path("id").asString());
                        connection.connected();
                    }
                    case "event", "resync" -> {
                        String id = message.path("id").asString(null);
                        position.set(id);
                        connection.item(OrderEvent.of(type, id, message));
                    }
                    case "error" -> connection.failed(new Refused("the server refused a message: "
                            + message.path("code").asString() + " "
                            + message.path("message").asString()));
                    default -> {
                        // authenticated, unsubscribed: nothing to deliver
                    }
                }
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                log.line("← WebSocket closed " + code + " " + reason);
                if (code == 1008) {
                    tokens.invalidate(currentToken); // expired: the next connection gets a fresh one
                }
                if (FINAL_CLOSE_CODES.contains(code)) {
                    connection.failed(new Refused("WebSocket closed " + code + " " + reason));
                } else {
                    connection.failed(new IOException("WebSocket closed " + code + " " + reason));
                }
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                connection.failed(error);
            }

            private String currentToken;
        };
        String token = tokens.token();
        socketListener.currentToken = token;
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .subprotocols("orderflow.v1")
                .connectTimeout(connectTimeout)
                .buildAsync(uri, socketListener);
        opening.whenComplete((socket, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                String text = String.valueOf(cause.getMessage());
                connection.failed(
                        text.contains("401") || text.contains("403") || text.contains("400")
                                ? new Refused("WebSocket handshake refused: " + text)
                                : cause);
            }
        });
        return () -> opening.thenAccept(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
    }

    private AutoCloseable openStream(
            URI uri, AtomicReference<String> position, Reconnecting.Connection<OrderEvent> connection) {
        var streamRef = new AtomicReference<Stream<String>>();
        Thread reader = Thread.ofVirtual().name("orderflow-sse").start(() -> {
            String token = tokens.token();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + token);
            if (position.get() != null) {
                request.header("Last-Event-ID", position.get());
            }
            log.line("→ GET " + uri + " (SSE)"
                    + (position.get() == null ? "" : " [Last-Event-ID: " + position.get() + "]"));
            try {
                HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
                log.line("← " + response.statusCode() + " GET " + uri.getPath() + " (SSE)");
                if (response.statusCode() == 401) {
                    tokens.invalidate(token);
                    response.body().close();
                    connection.failed(new IOException("401: the token was refused; reconnecting with a fresh one"));
                    return;
                }
                if (response.statusCode() != 200) {
                    String body = String.join("\n", response.body().limit(20).toList());
                    connection.failed(new Refused("SSE refused: " + response.statusCode() + " " + body));
                    return;
                }
                streamRef.set(response.body());
                connection.connected();
                var parser = new SseParser((event, id, data) -> {
                    if (!"order_event".equals(event) && !"resync".equals(event)) {
                        return;
                    }
                    if (id != null) {
                        position.set(id);
                    }
                    JsonNode message = json.readTree(data);
                    String kind = "resync".equals(event) ? "resync" : "event";
                    String at = id != null ? id : message.path("id").asString(null);
                    if (at != null) {
                        position.set(at);
                    }
                    connection.item(OrderEvent.of(kind, at, message));
                });
                try (Stream<String> lines = response.body()) {
                    lines.forEach(parser::line);
                }
                // The server ended the stream (token expiry, shutdown): resume on a new one.
                tokens.invalidate(token);
                connection.failed(new IOException("the event stream ended"));
            } catch (IOException | java.io.UncheckedIOException e) {
                connection.failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return () -> {
            Stream<String> stream = streamRef.get();
            if (stream != null) {
                stream.close();
            }
            if (Thread.currentThread() != reader) { // the reader itself, reporting its own end, goes on
                reader.interrupt();
            }
        };
    }
}
