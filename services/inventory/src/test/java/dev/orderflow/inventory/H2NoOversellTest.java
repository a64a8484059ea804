package dev.orderflow.inventory;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2NoOversellTest extends NoOversellTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        InventoryTestSupport.properties(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:oversell;DB_CLOSE_DELAY=-1");
        registry.add("spring.grpc.server.inprocess.name", () -> "oversell-h2");
    }
}
