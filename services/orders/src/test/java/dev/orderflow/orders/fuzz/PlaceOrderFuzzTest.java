package dev.orderflow.orders.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.testing.FuzzChecks;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code POST /api/orders} with any body (the fuzzer starts from the valid orders in this class's
 * {@code Inputs} folder and mutates them): 201 for an order it can place, a 4xx problem for
 * anything else, never a 5xx, and a refused body leaves orders, lines and idempotency keys as
 * they were.
 */
// Thousands of requests a second from one caller: the rate limit (1,200 a minute) would answer
// most of them 429 before they reach what is fuzzed.
@TestPropertySource(properties = "orderflow.orders.rate-limit.capacity=100000000")
class PlaceOrderFuzzTest extends ApiTestSupport {

    private final AtomicLong keys = new AtomicLong();
    private final String token = partner();

    @FuzzTest(maxDuration = "10s")
    void anyBodyPlacesAnOrderOrIsRefusedWithAProblem(byte[] body) {
        var response = FuzzChecks.send(
                () -> FuzzChecks.to(port, "/api/orders")
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "fuzz-" + keys.incrementAndGet())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                this::rows);

        response.ifPresent(answer -> assertThat(answer.statusCode()).isIn(201, 400, 409, 413, 415, 422));
    }
}
