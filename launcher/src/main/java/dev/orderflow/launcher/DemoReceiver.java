package dev.orderflow.launcher;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded default's webhook receiver, what a merchant would run: {@code POST /webhooks} checks
 * the Standard Webhooks signature with the {@code com.standardwebhooks} library (and its timestamp
 * tolerance), notes repeats by {@code webhook-id}, and logs one line per delivery to
 * {@code data/logs/demo-receiver.log}. {@code GET /} lists the last 50. To see retries and replay,
 * {@code POST /break?status=503} makes it fail and {@code POST /fix} heals it. Loopback only.
 */
final class DemoReceiver implements AutoCloseable {

    /** The secret the webhooks service registers the demo endpoint with (its embedded profile). */
    static final String SECRET = "whsec_b3JkZXJmbG93LWRlbW8tcmVjZWl2ZXIta2V5";

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ORDER = Pattern.compile("\"order_id\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final Path log;
    private final Deque<String> recent = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private volatile int failWith;

    private DemoReceiver(HttpServer server, Path log) {
        this.server = server;
        this.log = log;
    }

    static DemoReceiver start(int port, Path logs, PrintStream out) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        var receiver = new DemoReceiver(server, logs.resolve("demo-receiver.log"));
        server.createContext("/webhooks", receiver::webhook);
        server.createContext("/break", exchange -> receiver.control(exchange, true));
        server.createContext("/fix", exchange -> receiver.control(exchange, false));
        server.createContext("/", receiver::list);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return receiver;
    }

    static String url(int port) {
        return "http://localhost:" + port + "/webhooks";
    }

    private void webhook(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String verdict;
            int status;
            try {
                new Webhook(SECRET)
                        .verify(
                                body,
                                Map.of(
                                        "webhook-id", headers(exchange, "webhook-id"),
                                        "webhook-timestamp", headers(exchange, "webhook-timestamp"),
                                        "webhook-signature", headers(exchange, "webhook-signature")));
                verdict = "verified";
                status = failWith != 0 ? failWith : 204;
            } catch (Exception e) { // the library's verification and key exceptions
                verdict = "REJECTED (" + e.getMessage() + ")";
                status = 401;
            }
            boolean repeat;
            synchronized (this) {
                repeat = status < 300 && !seen.add(id);
            }
            String line = String.format(
                    "%s %s %-22s %s%s -> %d %s",
                    Instant.now(),
                    id,
                    find(TYPE, body),
                    find(ORDER, body).isEmpty() ? "" : "order " + find(ORDER, body) + " ",
                    verdict,
                    status,
                    repeat ? "(a repeat: already handled)" : "");
            record(line);
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private void control(HttpExchange exchange, boolean breakIt) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String query = exchange.getRequestURI().getQuery();
            int status = 503;
            if (query != null && query.matches("status=[1-5][0-9][0-9]")) {
                status = Integer.parseInt(query.substring("status=".length()));
            }
            failWith = breakIt ? status : 0;
            String answer =
                    breakIt ? "Broken: every delivery now gets " + status + "\n" : "Fixed: deliveries get 204\n";
            record(Instant.now() + " " + answer.trim());
            respond(exchange, 200, answer);
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        try (exchange) {
            StringBuilder text = new StringBuilder("The demo receiver's last deliveries (newest last):\n");
            synchronized (this) {
                recent.forEach(line -> text.append(line).append('\n'));
            }
            respond(exchange, 200, text.toString());
        }
    }

    private synchronized void record(String line) throws IOException {
        recent.addLast(line);
        while (recent.size() > 50) {
            recent.removeFirst();
        }
        Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static List<String> headers(HttpExchange exchange, String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null ? List.of() : values;
    }

    private static String find(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? matcher.group(1) : "";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
