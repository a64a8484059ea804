package dev.orderflow.inventory;

import dev.orderflow.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresNoOversellTest extends NoOversellTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        InventoryTestSupport.properties(registry);
        String url = PostgresServer.get().createDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "orderflow");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "20");
        registry.add("spring.grpc.server.inprocess.name", () -> "oversell-pg");
    }
}
