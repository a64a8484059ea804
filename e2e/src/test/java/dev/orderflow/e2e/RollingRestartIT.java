package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rolling restart of inventory and shipping under steady order traffic, with zero failed orders.
 *
 * <p>On the fault tests' shared platform ({@link FaultsPlatform}): two instances of each, sharing a
 * PostgreSQL database, the launcher's and a second one; orders balances across both (round robin
 * over an {@code addresses:///} target). One instance at a time is stopped with SIGTERM — a graceful
 * shutdown, as Kubernetes stops a pod — and started again (the launcher restarts its own, the
 * shared platform the second); the next one is stopped only once the restarted one serves calls
 * again. Clients place and cancel orders throughout at a steady cadence, each request sent once
 * with no retry of their own: every answer must be a success.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(FaultsPlatform.Resolver.class)
class RollingRestartIT {

    private static final int CLIENTS = 4;
    /** Each client places an order and cancels it (its stock goes back) this often: steady traffic. */
    private static final Duration CADENCE = Duration.ofMillis(500);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private FaultsPlatform faults;
    private LaunchedPlatform platform;

    @BeforeAll
    void platform(FaultsPlatform shared) {
        faults = shared;
        platform = shared.platform;
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
                    long next = System.nanoTime();
                    for (int i = 0; rolling.get(); i++) {
                        LockSupport.parkNanos(next - System.nanoTime()); // the traffic's cadence
                        next += CADENCE.toNanos();
                        placeAndCancel(token, client, i, answers, failures, latenciesMillis, placed);
                    }
                    return null;
                }));
            }
            try {
                // Steady traffic first: both instances of each serve calls.
                await().atMost(Duration.ofMinutes(2)).until(() -> placed.get() >= 50);
                for (String service : List.of("inventory", "shipping")) {
                    servedBefore.put(service + " (launcher's)", served(httpPort(service, false)));
                    servedBefore.put(service + " (second)", served(httpPort(service, true)));
                }
                for (String service : List.of("inventory", "shipping")) {
                    restartLaunchersInstance(service);
                    restartSecondInstance(service);
                }
            } finally {
                rolling.set(false);
            }
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
                "RollingRestartIT: %d orders placed and cancelled by %d clients in %.0f s while 4 instances were"
                        + " restarted one at a time; answers %s; placement latency p50 %d ms, p99 %d ms, max %d ms;"
                        + " gRPC calls served before the roll %s, after each restart %s%n",
                placed.get(),
                CLIENTS,
                (System.nanoTime() - started) / 1e9,
                answers,
                sorted.get(sorted.size() / 2),
                sorted.get((int) (sorted.size() * 0.99)),
                sorted.getLast(),
                servedBefore,
                servedAfter);
        assertThat(servedBefore)
                .as("calls per instance before the roll")
                .allSatisfy((instance, calls) -> assertThat(calls).as(instance).isPositive());
        assertThat(failures)
                .as("requests that failed during the rolling restart")
                .isEmpty();
        assertThat(servedAfter)
                .allSatisfy((instance, calls) -> assertThat(calls).as(instance).isPositive());
    }

    /** One client's step: place an order, then cancel it; each request sent once, no retry. */
    private void placeAndCancel(
            String token,
            int client,
            int i,
            Map<Integer, AtomicInteger> answers,
            List<String> failures,
            List<Long> latenciesMillis,
            AtomicInteger placed)
            throws Exception {
        try {
            long sent = System.nanoTime();
            var response = placeOnce(token, client, i);
            latenciesMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
            answers.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                    .incrementAndGet();
            if (response.statusCode() != 201) {
                failures.add("place: " + response.statusCode() + " " + response.body());
                return;
            }
            placed.incrementAndGet();
            String id = response.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
            var cancelled = cancelOnce(token, id);
            answers.computeIfAbsent(cancelled.statusCode(), s -> new AtomicInteger())
                    .incrementAndGet();
            if (cancelled.statusCode() != 200) {
                failures.add("cancel: " + cancelled.statusCode() + " " + cancelled.body());
            }
        } catch (IOException e) {
            failures.add("no answer: " + e);
        }
    }

    private HttpResponse<String> cancelOnce(String token, String id) throws Exception {
        return http.send(
                HttpRequest.newBuilder(platform.orders().resolve("/api/orders/" + id + "/cancel"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
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
        faults.restartSecond(service);
        awaitServing(httpPort(service, true));
    }

    /** A restarted instance counts from zero: it is back in the rotation once it served a call. */
    private void awaitServing(int httpPort) {
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> served(httpPort) > 0);
    }

    private int httpPort(String service, boolean second) {
        return faults.httpPort(service, second);
    }

    private long served(int httpPort) throws Exception {
        return faults.served(httpPort);
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
