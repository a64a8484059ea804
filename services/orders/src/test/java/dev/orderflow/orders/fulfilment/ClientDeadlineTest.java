package dev.orderflow.orders.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.orders.ApiTestSupport;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A caller's deadline ({@code Grpc-Timeout}) reaches inventory and shipping as the time left of it,
 * seen at their end as the grpc-timeout of each call (the per-call deadline here is 2 s).
 */
class ClientDeadlineTest extends ApiTestSupport {

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    PendingReleases pendingReleases;

    @BeforeEach
    void closedBreakers() {
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void theCallersDeadlineReachesInventoryAndShippingAsTheTimeLeftNotAFreshDeadline() {
        var withDeadline = place("700m");
        assertThat(withDeadline.status()).as(withDeadline.body()).isEqualTo(201);
        long reserve = dependencies.deadlinesMillis.get("ReserveStock");
        long quote = dependencies.deadlinesMillis.get("QuoteShipping");

        var without = place(null);
        assertThat(without.status()).isEqualTo(201);

        assertThat(reserve).as("ReserveStock's time left").isPositive().isLessThanOrEqualTo(700);
        assertThat(quote).as("QuoteShipping's time left").isPositive().isLessThanOrEqualTo(700);
        assertThat(dependencies.deadlinesMillis.get("ReserveStock"))
                .as("without Grpc-Timeout: the call's own 2 s deadline")
                .isGreaterThan(1000);
    }

    @Test
    void aDeadlineThatRunsOutIsA504ThatChangesNothingAndIsNotCountedAgainstInventory() {
        long rowsBefore = rows();
        inventoryProxy.freeze(); // inventory stops answering
        try {
            for (int i = 0; i < 6; i++) {
                var late = place("150m");
                assertThat(late.status()).as(late.body()).isEqualTo(504);
                assertThat(late.json().get("type").asText()).endsWith("/deadline-exceeded");
            }
            var inventory = breakers.circuitBreaker("inventory");
            assertThat(inventory.getMetrics().getNumberOfFailedCalls())
                    .as("a caller's deadline is not the dependency's failure")
                    .isZero();
            assertThat(inventory.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(rows()).isEqualTo(rowsBefore);
        } finally {
            inventoryProxy.unfreeze();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> pendingReleases.count() == 0);
    }

    @Test
    void aMalformedGrpcTimeoutIsA400ThatChangesNothing() {
        long rowsBefore = rows();
        for (String malformed : new String[] {"soon", "5s", "123456789S", "-1S", "1.5S"}) {
            var refused = place(malformed);
            assertThat(refused.status()).as(malformed).isEqualTo(400);
            assertThat(refused.json().get("type").asText()).endsWith("/invalid-grpc-timeout");
        }
        assertThat(rows()).isEqualTo(rowsBefore);
    }

    private dev.orderflow.testing.ApiClient.Response place(String grpcTimeout) {
        var request = api.post("/api/orders", order("alice", "ACC-001", 1))
                .token(partner())
                .header("Idempotency-Key", UUID.randomUUID().toString());
        if (grpcTimeout != null) {
            request.header("Grpc-Timeout", grpcTimeout);
        }
        return request.send();
    }
}
