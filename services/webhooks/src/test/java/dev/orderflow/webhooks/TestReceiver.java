package dev.orderflow.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A webhook receiver on loopback: each path answers as the test says (a status, a hang, a
 * Retry-After, a redirect) and every request is recorded with its headers, body and arrival time.
 */
public final class TestReceiver implements AutoCloseable {

    public record Received(String path, Map<String, String> headers, String body, Instant at) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** What a path answers; {@code hang} keeps the request open until the receiver closes. */
    public record Answer(int status, Map<String, String> headers, String body, boolean hangs) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), "", false);
        }

        public static Answer header(int status, String name, String value) {
            return new Answer(status, Map.of(name, value), "", false);
        }

        public static Answer hanging() {
            return new Answer(0, Map.of(), "", true);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Received, Answer>> answers = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public TestReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** http://localhost:port/path: the embedded default's allow-list lets plain http reach it. */
    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    public void answer(String path, Answer answer) {
        answers.put(path, request -> answer);
    }

    public void answer(String path, Function<Received, Answer> answer) {
        answers.put(path, answer);
    }

    public List<Received> at(String path) {
        List<Received> found = new ArrayList<>();
        for (Received request : received) {
            if (request.path().equals(path)) {
                found.add(request);
            }
        }
        return found;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var request = new Received(exchange.getRequestURI().getPath(), headers, body, Instant.now());
            received.add(request);
            Answer answer = answers.getOrDefault(request.path(), r -> Answer.status(204))
                    .apply(request);
            if (answer.hangs()) {
                closing.await(60, TimeUnit.SECONDS);
                return;
            }
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
