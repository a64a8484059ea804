package dev.orderflow.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The webhooks service's dispatcher under load, against a running platform (./orderflow up): 100
 * healthy endpoints and 10 that never answer (each attempt to them runs into the 10 s timeout and
 * holds one of the dispatcher's slots meanwhile). Every endpoint is sent a burst of test messages
 * ({@code POST .../ping}: stored, then delivered like any message: signed, leased, logged); the
 * figures are the healthy endpoints' deliveries per second and their delay from the ping request to
 * the receiver: a burst as fast as the senders go (throughput), then half as many at a fixed rate
 * (delay at a load the service keeps up with). Usage: {@code ./mvnw -q -pl bench
 * toolchains:select-jdk-toolchain exec:exec -Dbench=WebhookDelivery -Dbench.args="100 10 20 100"}
 * (healthy endpoints, hanging endpoints, messages per healthy endpoint, the fixed rate per second). The receivers run in this JVM on loopback (the embedded allow-list lets plain http
 * reach them); the endpoints are deleted at the end.
 */
public final class WebhookDelivery {

    private WebhookDelivery() {}

    private static final Pattern ID = Pattern.compile("\"(?:id|message_id)\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        int healthy = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int hanging = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int perEndpoint = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 100;
        String webhooks = System.getProperty("webhooks", "http://localhost:8086");
        String identity = System.getProperty("identity", "http://localhost:8081");
        HttpClient http = HttpClient.newHttpClient();
        String token =
                PlaceOrderLatency.token(http, identity, "partner-acme", "partner-acme-secret", "webhooks:manage");

        Map<String, Long> arrived = new ConcurrentHashMap<>();
        CountDownLatch stop = new CountDownLatch(1);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/ok", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                arrived.putIfAbsent(exchange.getRequestHeaders().getFirst("webhook-id"), System.nanoTime());
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.createContext("/hang", exchange -> {
            try (exchange) {
                stop.await(60, TimeUnit.SECONDS); // longer than any attempt's timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        receiver.start();
        String base = "http://localhost:" + receiver.getAddress().getPort();
        List<String> ok = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        try {
            for (int i = 0; i < healthy; i++) {
                ok.add(register(http, webhooks, token, base + "/ok/" + i));
            }
            for (int i = 0; i < hanging; i++) {
                stuck.add(register(http, webhooks, token, base + "/hang/" + i));
            }
            waitFor(() -> arrived.size() >= healthy, 60); // the pings sent at registration
            arrived.clear();

            System.out.printf(
                    "Webhook delivery: %d healthy endpoints, %d hanging (each attempt runs into the 10 s timeout)%n",
                    healthy, hanging);
            // The hanging endpoints first, so their attempts hold slots through everything below.
            ExecutorService senders = Executors.newFixedThreadPool(16);
            for (String endpoint : stuck) {
                for (int n = 0; n < perEndpoint * 2; n++) {
                    senders.execute(() -> ping(http, webhooks, token, endpoint, null));
                }
            }
            // Closed loop: every message requested as fast as 16 senders go; the figure is throughput.
            Map<String, Long> sent = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            for (int n = 0; n < perEndpoint; n++) {
                for (String endpoint : ok) {
                    senders.execute(() -> ping(http, webhooks, token, endpoint, sent));
                }
            }
            senders.shutdown();
            senders.awaitTermination(5, TimeUnit.MINUTES);
            report("burst", healthy * perEndpoint, start, System.nanoTime(), sent, arrived);

            // Open loop: messages requested at a fixed rate below that, each delay counted from when
            // it was due to be requested (no coordinated omission); the figures are the delays.
            sent.clear();
            int messages = healthy * perEndpoint / 2;
            ScheduledExecutorService pacer = Executors.newScheduledThreadPool(8);
            long periodNanos = (long) (1e9 / rate);
            long openStart = System.nanoTime() + 100_000_000L;
            for (int n = 0; n < messages; n++) {
                String endpoint = ok.get(n % ok.size());
                long due = openStart + n * periodNanos;
                pacer.schedule(
                        () -> pingAt(http, webhooks, token, endpoint, sent, due),
                        due - System.nanoTime(),
                        TimeUnit.NANOSECONDS);
            }
            pacer.shutdown();
            pacer.awaitTermination(5, TimeUnit.MINUTES);
            report("at %.0f/s".formatted(rate), messages, openStart, System.nanoTime(), sent, arrived);
        } finally {
            stop.countDown();
            for (String endpoint : concat(ok, stuck)) {
                send(http, "DELETE", webhooks + "/api/webhook-endpoints/" + endpoint, token, null);
            }
            receiver.stop(0);
        }
    }

    private static void report(
            String label, int expected, long start, long requested, Map<String, Long> sent, Map<String, Long> arrived)
            throws InterruptedException {
        waitFor(() -> sent.size() == expected && arrived.keySet().containsAll(sent.keySet()), 300);
        Histogram delay = new Histogram(3);
        long last = 0;
        for (var entry : sent.entrySet()) {
            long at = arrived.get(entry.getKey());
            last = Math.max(last, at);
            delay.recordValue(Math.max(0, (at - entry.getValue()) / 1_000)); // µs
        }
        double seconds = (last - start) / 1e9;
        System.out.printf(
                "  %-9s %,6d messages to the healthy endpoints in %6.2f s = %,5.0f messages/s (requested in %.2f s);"
                        + " delay p50 %,.1f ms, p99 %,.1f ms, max %,.1f ms%n",
                label,
                expected,
                seconds,
                expected / seconds,
                (requested - start) / 1e9,
                delay.getValueAtPercentile(50) / 1000.0,
                delay.getValueAtPercentile(99) / 1000.0,
                delay.getMaxValue() / 1000.0);
    }

    private static void pingAt(
            HttpClient http, String webhooks, String token, String endpoint, Map<String, Long> sent, long due) {
        try {
            String body = send(http, "POST", webhooks + "/api/webhook-endpoints/" + endpoint + "/ping", token, null);
            sent.put(id(body), due);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String register(HttpClient http, String webhooks, String token, String url) throws Exception {
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(webhooks + "/api/webhook-endpoints"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        // No order events: the burst below is all these endpoints get.
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"url\":\"" + url + "\",\"event_types\":[\"message.attempt.exhausted\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("registration failed: " + created.statusCode() + " " + created.body());
        }
        return id(created.body());
    }

    private static void ping(HttpClient http, String webhooks, String token, String endpoint, Map<String, Long> sent) {
        try {
            long at = System.nanoTime();
            String body = send(http, "POST", webhooks + "/api/webhook-endpoints/" + endpoint + "/ping", token, null);
            if (sent != null) {
                sent.put(id(body), at);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String send(HttpClient http, String method, String url, String token, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String id(String json) {
        Matcher matcher = ID.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return matcher.group(1);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + seconds + " s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
