package dev.orderflow.inventory;

import dev.orderflow.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresNoOversellTest extends NoOversellTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        InventoryTestSupport.properties(registry);
        PostgresServer.get().newDatabase().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "20");
        registry.add("spring.grpc.server.inprocess.name", () -> "oversell-pg");
    }
}
