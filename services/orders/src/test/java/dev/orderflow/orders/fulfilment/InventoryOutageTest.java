package dev.orderflow.orders.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.testing.ApiClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.netcrusher.tcp.TcpCrusher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Inventory behind an in-JVM TCP proxy (NetCrusher) that the test stops or freezes while orders
 * are placed: the breaker opens, 503s come fast, nothing is stored or left reserved, and orders
 * heals by itself once inventory is back.
 */
@TestPropertySource(properties = "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=1s")
class InventoryOutageTest extends ApiTestSupport {

    @Autowired
    PendingReleases pendingReleases;

    @Autowired
    CircuitBreakerRegistry breakers;

    @org.junit.jupiter.api.BeforeEach
    void closedBreakers() {
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void failsFastWhileInventoryIsStoppedAndHealsWhenItIsBack() {
        outage(TcpCrusher::close, TcpCrusher::open);
    }

    @Test
    void failsFastWhileInventoryIsFrozenAndHealsWhenItThaws() {
        outage(TcpCrusher::freeze, TcpCrusher::unfreeze);
    }

    private void outage(Consumer<TcpCrusher> fail, Consumer<TcpCrusher> recover) {
        String placedBefore = place(partner(), order("alice", "ACC-001", 1));
        long rowsBefore = rows();

        fail.accept(inventoryProxy);
        List<Long> millis = new ArrayList<>();
        List<ApiClient.Response> refusals = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long start = System.nanoTime();
            refusals.add(attempt());
            millis.add((System.nanoTime() - start) / 1_000_000);
        }

        assertThat(refusals).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isNotNull();
        });
        // Once the breaker is open, no call waits for a deadline any more.
        assertThat(millis.subList(8, 12)).allSatisfy(ms -> assertThat(ms).isLessThan(200));
        assertThat(rows()).isEqualTo(rowsBefore);

        recover.accept(inventoryProxy);
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> attempt().status() == 201);
        await().atMost(Duration.ofSeconds(15)).until(() -> pendingReleases.count() == 0);
        // Nothing left held but the orders that exist.
        await().atMost(Duration.ofSeconds(5)).until(() -> dependencies.held.size() == 2);
        assertThat(dependencies.held).containsKey(placedBefore);
    }

    private ApiClient.Response attempt() {
        return api.post("/api/orders", order("alice", "ACC-001", 1))
                .token(partner())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
    }
}
