package dev.orderflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A WebSocket client (the JDK's) that collects what the server sends, for assertions. */
public final class SocketClient implements AutoCloseable {

    private static final ObjectMapper json = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private SocketClient(URI uri, String token, boolean tokenAsProtocol) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tokenAsProtocol) {
            builder.subprotocols("orderflow.v1", "bearer." + token);
        } else {
            builder.header("Authorization", "Bearer " + token).subprotocols("orderflow.v1");
        }
        socket = builder.buildAsync(uri, new Listener()).join();
    }

    public static SocketClient connect(int port, String token) {
        return new SocketClient(URI.create("ws://127.0.0.1:" + port + "/ws"), token, false);
    }

    /** As a browser does it: the token offered as a subprotocol. */
    public static SocketClient connectWithProtocolToken(int port, String token) {
        return new SocketClient(URI.create("ws://127.0.0.1:" + port + "/ws"), token, true);
    }

    public String protocol() {
        return socket.getSubprotocol();
    }

    public SocketClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    public SocketClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The next message, failing after the timeout. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError(
                    "No message within " + timeout + (closed.isDone() ? " (closed " + closed.join() + ")" : ""));
        }
        return message;
    }

    /** The next message of a type, skipping others. */
    public JsonNode next(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (type.equals(message.path("type").asText())) {
                return message;
            }
        }
    }

    /** Asserts that no message arrives for the whole duration (failing at the first that does). */
    public void assertNothingFor(Duration duration) {
        Awaitility.await("no message for " + duration)
                .during(duration)
                .atMost(duration.plusSeconds(1))
                .until(messages::isEmpty);
    }

    /** Asserts that the connection stays open for the whole duration. */
    public void assertOpenFor(Duration duration) {
        Awaitility.await("open for " + duration)
                .during(duration)
                .atMost(duration.plusSeconds(1))
                .until(() -> !closed.isDone());
    }

    /** The close code the server sent, waiting up to the timeout. */
    public int awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(json.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
