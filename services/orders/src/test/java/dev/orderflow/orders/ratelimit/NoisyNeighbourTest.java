package dev.orderflow.orders.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A noisy client held at its rate limit does not slow another client down: the quiet client's p99
 * latency with the noisy one sending five times its budget stays within 10 % of its p99 without
 * it. A bounded, measured run (not a timed unit test): windows with and without the noise
 * alternate, {@value #ROUNDS} rounds of {@value #WINDOW_REQUESTS} requests each, so drift of the
 * machine falls on both sides; the figures are printed.
 */
@TestPropertySource(
        properties = {"orderflow.orders.rate-limit.capacity=3000", "orderflow.orders.rate-limit.window=PT1M"})
class NoisyNeighbourTest extends ApiTestSupport {

    private static final int ROUNDS = 4;
    private static final int WINDOW_REQUESTS = 400;
    private static final int QUIET_PER_SECOND = 40; // within its budget of 50 per second
    private static final int NOISY_PER_SECOND = 250; // five times its budget

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aClientAtItsRateLimitMovesAnotherClientsP99ByTenPercentAtMost() throws Exception {
        String quietToken = customer("quiet");
        String noisyToken = customer("noisy");
        String quietOrder = place(quietToken, order(null, "ACC-001", 1));
        String noisyOrder = place(noisyToken, order(null, "ACC-002", 1));
        URI quiet = URI.create("http://127.0.0.1:" + port + "/api/orders/" + quietOrder);
        URI noisy = URI.create("http://127.0.0.1:" + port + "/api/orders/" + noisyOrder);
        // Warm both paths; the noisy client spends its whole burst, so from here on it is held at
        // its rate limit (refilled 50 per second, the rest answered 429).
        paced(quiet, quietToken, QUIET_PER_SECOND * 5, 1_000, null);
        Map<Integer, AtomicInteger> noisyAnswers = new ConcurrentHashMap<>();
        for (int burst = 0; burst < 20 && !noisyAnswers.containsKey(429); burst++) {
            paced(noisy, noisyToken, 500, 5_000, noisyAnswers);
        }
        assertThat(noisyAnswers).as("the noisy client spent its burst").containsKey(429);
        noisyAnswers.clear();

        List<Long> alone = new ArrayList<>();
        List<Long> beside = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            alone.addAll(paced(quiet, quietToken, WINDOW_REQUESTS, QUIET_PER_SECOND, null));
            var noise = new AtomicBoolean(true);
            try (var noisyClient = Executors.newSingleThreadExecutor()) {
                noisyClient.submit(() -> {
                    while (noise.get()) {
                        paced(noisy, noisyToken, NOISY_PER_SECOND / 10, NOISY_PER_SECOND, noisyAnswers);
                    }
                    return null;
                });
                beside.addAll(paced(quiet, quietToken, WINDOW_REQUESTS, QUIET_PER_SECOND, null));
                noise.set(false);
            }
        }

        long p99Alone = percentile(alone, 0.99);
        long p99Beside = percentile(beside, 0.99);
        System.out.printf(
                "NoisyNeighbourTest: quiet client alone p50 %.2f ms p99 %.2f ms; beside a client at its rate limit"
                        + " p50 %.2f ms p99 %.2f ms (ratio %.3f); %d requests each; the noisy client's answers %s%n",
                percentile(alone, 0.5) / 1e6,
                p99Alone / 1e6,
                percentile(beside, 0.5) / 1e6,
                p99Beside / 1e6,
                (double) p99Beside / p99Alone,
                alone.size(),
                noisyAnswers);
        assertThat(noisyAnswers.get(429).get())
                .as("the noisy client was held at its limit")
                .isGreaterThan(1_000);
        assertThat(p99Beside).isLessThanOrEqualTo((long) (p99Alone * 1.10));
    }

    /**
     * Sends {@code count} GETs at {@code perSecond}, each on its own schedule (a slow answer does not
     * delay the next send); returns each latency in ns. The quiet client's answers must all be 200.
     */
    private List<Long> paced(URI uri, String token, int count, int perSecond, Map<Integer, AtomicInteger> answers)
            throws Exception {
        var request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build();
        List<Long> latencies = new ArrayList<>(count);
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(next - System.nanoTime()); // the load's cadence
            long sent = System.nanoTime();
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            latencies.add(System.nanoTime() - sent);
            if (answers != null) {
                answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            } else {
                assertThat(status).isEqualTo(200);
            }
            next += interval;
        }
        return latencies;
    }

    private static long percentile(List<Long> values, double quantile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1));
    }
}
