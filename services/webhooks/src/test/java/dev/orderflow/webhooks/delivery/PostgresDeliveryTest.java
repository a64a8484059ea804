package dev.orderflow.webhooks.delivery;

import dev.orderflow.testing.PostgresServer;
import dev.orderflow.testing.TestKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every delivery test again on PostgreSQL (production's database), with a topic of its own. */
class PostgresDeliveryTest extends DeliveryTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.get().newDatabase().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.kafka.consumer.group-id", () -> "webhooks-postgres-delivery");
        // A topic of its own: the H2 context's tests' events are not this context's.
        registry.add("orderflow.events.topic", () -> "postgres-delivery-order-events");
        TestKafka.declareTopic(TestKafka.bootstrapServers(), "postgres-delivery-order-events", 6);
    }
}
