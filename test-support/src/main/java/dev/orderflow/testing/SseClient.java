package dev.orderflow.testing;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** Reads a {@code text/event-stream} the way EventSource does: events, ids, retry and comments. */
public final class SseClient implements AutoCloseable {

    /** One dispatched SSE event. */
    public record Event(String id, String name, String data) {}

    private static final HttpClient http = HttpClient.newHttpClient();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private volatile String retry;
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        // Only a stream is read as events; an error response keeps its body for body().
        this.reader = response.statusCode() == 200 ? Thread.ofVirtual().start(this::read) : null;
    }

    public static SseClient open(int port, String path, String token, String lastEventId) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new SseClient(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** A stream some other client opened (a browser session at the edge, with its cookies). */
    public static SseClient of(HttpResponse<InputStream> response) {
        return new SseClient(response);
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    public String body() throws Exception {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("No SSE event within " + timeout);
        }
        return event;
    }

    /** Asserts that no event arrives for the whole duration (failing at the first that does). */
    public void assertNothingFor(Duration duration) {
        Awaitility.await("no event for " + duration)
                .during(duration)
                .atMost(duration.plusSeconds(1))
                .until(events::isEmpty);
    }

    public String retry() {
        return retry;
    }

    public List<String> comments() {
        return comments;
    }

    private void read() {
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name == null ? "message" : name, data.toString()));
                    }
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
                        case "retry" -> retry = value;
                        default -> {}
                    }
                }
            }
        } catch (Exception closed) {
            // the stream ended or was dropped
        }
    }

    /** Drops the connection, as a network failure would. */
    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.interrupt();
        }
        response.body().close();
    }
}
