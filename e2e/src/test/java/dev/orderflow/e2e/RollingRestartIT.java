package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A rolling restart of inventory and shipping under steady order traffic, with zero failed orders.
 *
 * <p>Two instances of each, sharing a PostgreSQL database (Debian's server, run by test-support's
 * {@link PostgresServer}): the launcher's, and a second one started here on other ports. Orders
 * reaches both through a {@code addresses:///} target and balances across them (round robin). One
 * instance at a time is stopped with SIGTERM — a graceful shutdown, as Kubernetes stops a pod —
 * and started again (the launcher restarts its own; this test its second); the next one is
 * stopped only once the restarted one serves calls again. Clients place orders throughout, each
 * request once, with no retry of their own: every answer must be a 201.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollingRestartIT {

    private static final int CLIENTS = 4;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final int inventoryPortB = LaunchedPlatform.freePort();
    private final int inventoryHttpPortB = LaunchedPlatform.freePort();
    private final int shippingPortB = LaunchedPlatform.freePort();
    private final int shippingHttpPortB = LaunchedPlatform.freePort();
    private final Map<String, String> databases = new LinkedHashMap<>();
    private final Map<String, Process> second = new ConcurrentHashMap<>();
    private LaunchedPlatform platform;

    @BeforeAll
    void start() throws Exception {
        var postgres = PostgresServer.get();
        databases.put("inventory", postgres.createDatabase());
        databases.put("shipping", postgres.createDatabase());
        platform = LaunchedPlatform.start("rolling", p -> {
            Map<String, String> env = new LinkedHashMap<>();
            databases.forEach((service, url) -> {
                String prefix = "ORDERFLOW_" + service.toUpperCase() + "_DATASOURCE_";
                env.put(prefix + "URL", url);
                env.put(prefix + "USERNAME", "orderflow");
                env.put(prefix + "PASSWORD", "");
            });
            env.put(
                    "ORDERFLOW_INVENTORY_TARGET",
                    "addresses:///localhost:" + p.inventoryPort + ",localhost:" + inventoryPortB);
            env.put(
                    "ORDERFLOW_SHIPPING_TARGET",
                    "addresses:///localhost:" + p.shippingPort + ",localhost:" + shippingPortB);
            return env;
        });
        startSecond("inventory");
        startSecond("shipping");
    }

    @AfterAll
    void stop() throws Exception {
        for (Process process : second.values()) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        if (platform != null) {
            platform.stop();
        }
    }

    @Test
    void inventoryAndShippingRestartedOneInstanceAtATimeUnderTrafficFailNoOrder() throws Exception {
        String token = platform.clientCredentials("partner-acme", "partner-acme-secret", "orders:read orders:write");
        var answers = new ConcurrentHashMap<Integer, AtomicInteger>();
        var failures = new CopyOnWriteArrayList<String>();
        var latenciesMillis = Collections.synchronizedList(new ArrayList<Long>());
        var rolling = new AtomicBoolean(true);
        var placed = new AtomicInteger();
        Map<String, Long> servedBefore = new TreeMap<>();
        Map<String, Long> servedAfter = new TreeMap<>();
        long started = System.nanoTime();

        try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = 0; rolling.get(); i++) {
                        long sent = System.nanoTime();
                        try {
                            var response = placeOnce(token, client, i);
                            answers.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                                    .incrementAndGet();
                            if (response.statusCode() == 201) {
                                placed.incrementAndGet();
                            } else {
                                failures.add(response.statusCode() + " " + response.body());
                            }
                        } catch (IOException e) {
                            failures.add("no answer: " + e);
                        }
                        latenciesMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
                    }
                    return null;
                }));
            }
            // Steady traffic first: both instances of each serve calls.
            await().atMost(Duration.ofMinutes(2)).until(() -> placed.get() >= 50);
            for (String service : List.of("inventory", "shipping")) {
                servedBefore.put(service + " (launcher's)", served(httpPort(service, false)));
                servedBefore.put(service + " (second)", served(httpPort(service, true)));
            }
            assertThat(servedBefore)
                    .as("calls per instance before the roll")
                    .allSatisfy(
                            (instance, calls) -> assertThat(calls).as(instance).isPositive());

            for (String service : List.of("inventory", "shipping")) {
                restartLaunchersInstance(service);
                restartSecondInstance(service);
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> placed.get() >= 100);
            rolling.set(false);
            for (var client : running) {
                client.get(2, TimeUnit.MINUTES);
            }
        }
        for (String service : List.of("inventory", "shipping")) {
            servedAfter.put(service + " (launcher's, restarted)", served(httpPort(service, false)));
            servedAfter.put(service + " (second, restarted)", served(httpPort(service, true)));
        }

        List<Long> sorted = new ArrayList<>(latenciesMillis);
        Collections.sort(sorted);
        System.out.printf(
                "RollingRestartIT: %d orders placed by %d clients in %.0f s while 4 instances were restarted one at a"
                        + " time; answers %s; latency p50 %d ms, p99 %d ms, max %d ms; calls served before the roll %s,"
                        + " after their restart %s%n",
                placed.get(),
                CLIENTS,
                (System.nanoTime() - started) / 1e9,
                answers,
                sorted.get(sorted.size() / 2),
                sorted.get((int) (sorted.size() * 0.99)),
                sorted.getLast(),
                servedBefore,
                servedAfter);
        assertThat(failures).as("orders that failed during the rolling restart").isEmpty();
        assertThat(servedAfter)
                .allSatisfy((instance, calls) -> assertThat(calls).as(instance).isPositive());
    }

    /** SIGTERM to the launcher's instance; its supervisor starts it again; it serves calls again. */
    private void restartLaunchersInstance(String service) throws Exception {
        long pid = platform.supervised(service).pid();
        LaunchedPlatform.signal("TERM", pid);
        platform.awaitRestarted(service, pid, Duration.ofMinutes(3));
        awaitServing(httpPort(service, false));
    }

    /** SIGTERM to the second instance (graceful), then a new process on the same ports. */
    private void restartSecondInstance(String service) throws Exception {
        Process process = second.get(service);
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        startSecond(service);
        awaitServing(httpPort(service, true));
    }

    /** A restarted instance counts from zero: it is back in the rotation once it served a call. */
    private void awaitServing(int httpPort) {
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> served(httpPort) > 0);
    }

    /** The second instance, as the launcher starts the first: the same jar and settings, other ports. */
    private void startSecond(String service) throws Exception {
        boolean inventory = service.equals("inventory");
        Path jar = platform.home.resolve("services/" + service + "/target/orderflow-" + service + ".jar");
        var builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        platform.data.resolve("logs/" + service + "-second.log").toFile()));
        var env = builder.environment();
        env.put("SPRING_PROFILES_ACTIVE", "embedded");
        env.put("ORDERFLOW_DATA_DIR", platform.data.resolve(service + "-second").toString());
        env.put("ORDERFLOW_IDENTITY_ISSUER", "http://localhost:" + platform.identityPort);
        env.put("ORDERFLOW_IDENTITY_JWKS_URI", "http://localhost:" + platform.identityPort + "/oauth2/jwks");
        env.put("ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + platform.kafkaPort);
        env.put("SPRING_DATASOURCE_URL", databases.get(service));
        env.put("SPRING_DATASOURCE_USERNAME", "orderflow");
        env.put("SPRING_DATASOURCE_PASSWORD", "");
        if (inventory) {
            env.put("ORDERFLOW_INVENTORY_PORT", String.valueOf(inventoryPortB));
            env.put("ORDERFLOW_INVENTORY_HTTP_PORT", String.valueOf(inventoryHttpPortB));
        } else {
            env.put("ORDERFLOW_SHIPPING_PORT", String.valueOf(shippingPortB));
            env.put("ORDERFLOW_SHIPPING_HTTP_PORT", String.valueOf(shippingHttpPortB));
            env.put("ORDERFLOW_SHIPPING_STEP_INTERVAL", "PT1S");
        }
        Process process = builder.start();
        second.put(service, process);
        int httpPort = httpPort(service, true);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .failFast(service + " (second) exited", () -> !process.isAlive())
                .until(() -> status(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness")) == 200);
    }

    private int httpPort(String service, boolean second) {
        if (service.equals("inventory")) {
            return second ? inventoryHttpPortB : platform.inventoryHttpPort;
        }
        return second ? shippingHttpPortB : platform.shippingHttpPort;
    }

    /** gRPC calls this instance has served since it started (Spring gRPC's server observation). */
    private long served(int httpPort) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return 0;
        }
        return response.body()
                .lines()
                .filter(line -> line.startsWith("grpc_server_seconds_count{") && !line.contains("grpc.health"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private int status(URI uri) {
        try {
            return http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpResponse<String> placeOnce(String token, int client, int i) throws Exception {
        String sku = "%s-%03d".formatted(new String[] {"ACC", "BAG", "KIT", "HOM"}[i % 4], (client * 7 + i) % 10 + 1);
        String body =
                """
                {"customer_id":"rolling-%d","items":[{"sku":"%s","quantity":1}],
                 "shipping_address":{"name":"Rolling","line1":"1 Test Road","city":"Lyon","postal_code":"69001","country":"FR"}}"""
                        .formatted(client, sku);
        return http.send(
                HttpRequest.newBuilder(platform.orders().resolve("/api/orders"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
