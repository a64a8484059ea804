package dev.orderflow.webhooks;

import dev.orderflow.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every API test again on PostgreSQL (production's database), its own consumer group. */
class PostgresEndpointApiTest extends EndpointApiTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.get().newDatabase().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.kafka.consumer.group-id", () -> "webhooks-postgres-api");
    }
}
