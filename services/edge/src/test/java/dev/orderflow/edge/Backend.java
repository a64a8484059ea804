package dev.orderflow.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the services behind the edge (orders, notifications, analytics, the provider) in
 * this module's tests, recording what each relayed request carried. The real services behind the
 * real edge are tested in e2e.
 */
final class Backend implements AutoCloseable {

    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    /** The event stream's second event waits for this: the test opens it once it has read the first. */
    final CountDownLatch secondEvent = new CountDownLatch(1);

    private final HttpServer server;

    Backend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    Received last() {
        return received.getLast();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        received.add(new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
        if (path.endsWith("/events")) {
            stream(exchange);
            return;
        }
        byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 201 : 200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("id: 1\nevent: order.placed\ndata: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (secondEvent.await(30, TimeUnit.SECONDS)) {
                out.write("id: 2\nevent: order.paid\ndata: {\"n\":2}\n\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        secondEvent.countDown();
        server.stop(0);
    }
}
