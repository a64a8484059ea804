package dev.orderflow.webhooks.delivery;

import dev.orderflow.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every delivery test again on PostgreSQL (production's database), its own consumer group. */
class PostgresDeliveryTest extends DeliveryTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.get().newDatabase().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.kafka.consumer.group-id", () -> "webhooks-postgres-delivery");
    }
}
