package dev.orderflow.sdk;

import static dev.orderflow.sdk.FakeServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A burst of parallel requests stays under the server's limit: the server here limits exactly as
 * orders does (a Bucket4j token bucket refilled greedily, the same RateLimit headers), only smaller.
 */
class RateLimitTest {

    static final int QUOTA = 20;
    static final int WINDOW_SECONDS = 1;

    @Test
    void keepsABurstUnderTheServersLimitWithNoRefusal() throws Exception {
        Bucket bucket = Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(QUOTA)
                        .refillGreedy(QUOTA, Duration.ofSeconds(WINDOW_SECONDS))
                        .build())
                .build();
        var refused = new AtomicInteger();
        try (var server = new FakeServer().on("/api/products/", (exchange, n) -> {
            var probe = bucket.tryConsumeAndReturnRemaining(1);
            String policy = "\"per-client\";q=%d;w=%d".formatted(QUOTA, WINDOW_SECONDS);
            String state = "\"per-client\";r=%d;t=%d"
                    .formatted(
                            probe.getRemainingTokens(),
                            (probe.getNanosToWaitForReset() + 999_999_999L) / 1_000_000_000L);
            if (probe.isConsumed()) {
                json(
                        exchange,
                        200,
                        "{\"sku\":\"ACC-001\",\"name\":\"Tote\",\"price\":{\"amount_minor\":1900,\"currency\":\"EUR\"}}",
                        "RateLimit-Policy",
                        policy,
                        "RateLimit",
                        state);
            } else {
                refused.incrementAndGet();
                json(
                        exchange,
                        429,
                        "{\"status\":429}",
                        "RateLimit-Policy",
                        policy,
                        "RateLimit",
                        state,
                        "Retry-After",
                        "1");
            }
        })) {
            try (var orderflow = Orderflow.builder()
                            .endpoints(Endpoints.localhost().withOrders(server.uri()))
                            .retries(1, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30))
                            .build();
                    var pool = Executors.newFixedThreadPool(8)) {
                orderflow.products().get("ACC-001"); // the first answer teaches the policy
                List<Future<String>> calls = new ArrayList<>();
                for (int i = 0; i < 3 * QUOTA; i++) { // three windows' worth, 8 at a time
                    calls.add(pool.submit((Callable<String>)
                            () -> orderflow.products().get("ACC-001").sku()));
                }
                for (Future<String> call : calls) {
                    assertThat(call.get()).isEqualTo("ACC-001");
                }
                assertThat(orderflow.ordersRateLimit()).hasValueSatisfying(snapshot -> {
                    assertThat(snapshot.quota()).isEqualTo(QUOTA);
                    assertThat(snapshot.windowSeconds()).isEqualTo(WINDOW_SECONDS);
                });
            }
            assertThat(refused).hasValue(0);
            assertThat(server.seen()).hasSize(3 * QUOTA + 1);
        }
    }

    @Test
    void holdsEveryRequestUntilTheResetOnceTheBudgetIsSpent() throws IOException {
        var time = new TestTime();
        try (var server = new FakeServer()
                        .on(
                                "/api/products/",
                                (exchange, n) -> json(
                                        exchange,
                                        200,
                                        "{\"sku\":\"ACC-001\",\"name\":\"Tote\",\"price\":{\"amount_minor\":1900,\"currency\":\"EUR\"}}",
                                        "RateLimit",
                                        "\"per-client\";r=0;t=9"));
                var orderflow = Orderflow.builder()
                        .endpoints(Endpoints.localhost().withOrders(server.uri()))
                        .scheduler(time)
                        .clock(time.clock())
                        .build()) {
            orderflow.products().get("ACC-001");
            orderflow.products().get("ACC-001");

            assertThat(time.waits()).containsExactly(Duration.ofSeconds(9));
        } finally {
            time.shutdownNow();
        }
    }
}
