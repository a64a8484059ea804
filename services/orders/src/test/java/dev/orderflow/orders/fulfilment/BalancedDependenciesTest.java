package dev.orderflow.orders.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two instances of inventory and of shipping behind one {@code addresses:///} target: orders spreads
 * its calls across both (round robin), and when one stops as a server stops on SIGTERM, every
 * order placed from then on is served by the other — none fails.
 */
class BalancedDependenciesTest extends ApiTestSupport {

    private static final FakeDependencies second = new FakeDependencies();

    @DynamicPropertySource
    static void bothInstances(DynamicPropertyRegistry registry) {
        String target = "addresses:///127.0.0.1:" + dependencies.port() + ",127.0.0.1:" + second.port();
        registry.add("orderflow.test.inventory-target", () -> target);
        registry.add("orderflow.test.shipping-target", () -> target);
    }

    @AfterAll
    static void closeSecond() {
        second.close();
    }

    @Test
    void callsAreSpreadAcrossInstancesAndAnInstanceThatStopsTakesNoOrderWithIt() throws Exception {
        second.reset();
        for (int i = 0; i < 20; i++) {
            place(partner(), order("balanced", "ACC-001", 1));
        }
        assertThat(dependencies.attempts("ReserveStock")).as("first instance").isBetween(5, 15);
        assertThat(second.attempts("ReserveStock")).as("second instance").isBetween(5, 15);
        assertThat(dependencies.attempts("QuoteShipping") + second.attempts("QuoteShipping"))
                .isEqualTo(20);

        second.shutDownGracefully();
        int before = dependencies.attempts("ReserveStock");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(api.post("/api/orders", order("balanced", "ACC-001", 1))
                    .token(partner())
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .send()
                    .status());
        }

        assertThat(statuses).as("every order placed while one instance is gone").containsOnly(201);
        assertThat(dependencies.attempts("ReserveStock") - before).isEqualTo(20);
    }
}
