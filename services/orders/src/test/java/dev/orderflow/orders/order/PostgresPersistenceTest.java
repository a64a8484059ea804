package dev.orderflow.orders.order;

import dev.orderflow.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresPersistenceTest extends PersistenceTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresServer.get().createDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "orderflow");
        registry.add("spring.datasource.password", () -> "");
    }
}
