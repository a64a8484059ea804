package dev.orderflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Fan-out of order events to many WebSocket clients of one notifications instance, against a
 * running platform ({@code ./orderflow up}). Opens N authenticated connections (a partner token:
 * it sees every order), subscribes each to {@code orders}, then places real orders over REST: each
 * order's {@code placed} event goes orders → outbox → Kafka → notifications → every connection.
 *
 * <p>Prints the notifications JVM's heap (after a full GC, through {@code jcmd} and
 * {@code /actuator/prometheus}) before and after the connections, the heap per connection, and the
 * fan-out latency from the order's commit ({@code time} of the event) to its arrival at each client
 * (after three warm-up events that are not measured).
 *
 * <p>Usage: {@code ./mvnw -q -pl bench toolchains:select-jdk-toolchain exec:exec -Dbench=WebSocketFanout
 * -Dbench.args="10000 20"} (connections, orders). Needs {@code ulimit -n} above the connection count.
 */
public final class WebSocketFanout {

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String identity = System.getProperty("identity", "http://localhost:8081");
        String api = System.getProperty("orders", "http://localhost:8082");
        String notifications = System.getProperty("notifications", "http://localhost:8083");
        HttpClient http = HttpClient.newHttpClient();
        long pid = notificationsPid();
        String watcher = PlaceOrderLatency.token(http, identity, "partner-acme", "partner-acme-secret", "orders:read");
        String placer = PlaceOrderLatency.token(
                http, identity, "orderflow-cli", "orderflow-cli-secret", "orders:read orders:write");
        PlaceOrderLatency.restock(http, identity, "ACC-004", orders + 10);

        long heapBefore = heapAfterGc(http, notifications, pid);
        System.out.printf("notifications pid %d: heap after GC before connecting %.1f MiB%n", pid, mib(heapBefore));

        Histogram latency = new ConcurrentHistogram(3);
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        AtomicLong pushes = new AtomicLong();
        CountDownLatch subscribed = new CountDownLatch(connections);
        HttpClient sockets =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        URI ws = URI.create(notifications.replaceFirst("^http", "ws") + "/ws");
        List<WebSocket> open = new ArrayList<>();
        Semaphore handshakes = new Semaphore(200);
        AtomicInteger failed = new AtomicInteger();
        long connectStart = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            handshakes.acquire();
            sockets.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + watcher)
                    .subprotocols("orderflow.v1")
                    .buildAsync(ws, new Listener(subscribed, latency, deliveries, pushes))
                    .whenComplete((socket, error) -> {
                        handshakes.release();
                        if (error != null) {
                            failed.incrementAndGet();
                            subscribed.countDown();
                            return;
                        }
                        synchronized (open) {
                            open.add(socket);
                        }
                        socket.sendText("{\"type\":\"subscribe\",\"topic\":\"orders\"}", true);
                    });
        }
        if (!subscribed.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("not all subscribed: " + subscribed.getCount() + " missing");
        }
        System.out.printf(
                "%d connections open and subscribed in %.1f s (%d failed)%n",
                open.size(), (System.nanoTime() - connectStart) / 1e9, failed.get());

        long heapConnected = heapAfterGc(http, notifications, pid);
        System.out.printf(
                "heap after GC with %d connections %.1f MiB: %.1f KiB per connection; process RSS %s%n",
                open.size(), mib(heapConnected), (heapConnected - heapBefore) / 1024.0 / open.size(), rss(pid));

        String body = "{\"customer_id\":\"bench-fanout\",\"items\":[{\"sku\":\"ACC-004\",\"quantity\":1}],"
                + "\"shipping_address\":{\"name\":\"Bench\",\"line1\":\"1 Rue\",\"city\":\"Lyon\",\"postal_code\":\"69001\",\"country\":\"FR\"}}";
        // Warm-up: a few events first (JIT, connection pools), not measured.
        int warmUp = 3;
        for (int i = 0; i < warmUp + orders; i++) {
            if (i == warmUp) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (pushes.get() < (long) warmUp * open.size() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                latency.reset();
                deliveries.clear();
                pushes.set(0);
            }
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(api + "/api/orders"))
                            .header("Authorization", "Bearer " + placer)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 201) {
                System.out.println("order " + i + " answered " + response.statusCode());
            }
            Thread.sleep(500); // one event every half second, each to every connection
        }
        long expected = (long) orders * open.size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (pushes.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long heapAfter = heapUsed(http, notifications);
        System.out.printf(
                "%d events x %d connections: %d of %d pushes received (%d events seen); heap now %.1f MiB (no GC)%n",
                orders, open.size(), pushes.get(), expected, deliveries.size(), mib(heapAfter));
        System.out.printf(
                "fan-out latency, commit to client, ms: p50 %.1f p90 %.1f p99 %.1f max %.1f%n",
                latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(90) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0,
                latency.getMaxValue() / 1000.0);
        open.forEach(WebSocket::abort);
    }

    private static final class Listener implements WebSocket.Listener {
        private final CountDownLatch subscribed;
        private final Histogram latency;
        private final Map<String, AtomicInteger> deliveries;
        private final AtomicLong pushes;
        private final StringBuilder partial = new StringBuilder();

        Listener(
                CountDownLatch subscribed,
                Histogram latency,
                Map<String, AtomicInteger> deliveries,
                AtomicLong pushes) {
            this.subscribed = subscribed;
            this.latency = latency;
            this.deliveries = deliveries;
            this.pushes = pushes;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (message.contains("\"type\":\"subscribed\"")) {
                    subscribed.countDown();
                } else if (message.contains("\"type\":\"event\"")) {
                    Instant now = Instant.now();
                    Instant time = Instant.parse(field(message, "time"));
                    latency.recordValue(Math.max(0, Duration.between(time, now).toNanos() / 1000));
                    deliveries
                            .computeIfAbsent(field(message, "event_id"), id -> new AtomicInteger())
                            .incrementAndGet();
                    pushes.incrementAndGet();
                }
            }
            socket.request(1);
            return null;
        }

        private static String field(String json, String name) {
            int start = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
            return json.substring(start, json.indexOf('"', start));
        }
    }

    private static long notificationsPid() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("orderflow-notifications.jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("notifications is not running (./orderflow up)"))
                .pid();
    }

    private static long heapAfterGc(HttpClient http, String notifications, long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run")
                .inheritIO()
                .start()
                .waitFor();
        Thread.sleep(500);
        return heapUsed(http, notifications);
    }

    /** Sum of jvm_memory_used_bytes over the heap pools, from the service's Prometheus endpoint. */
    private static long heapUsed(HttpClient http, String notifications) throws Exception {
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create(notifications + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        double used = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) used;
    }

    private static String rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 + " MiB";
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "?";
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
