package dev.orderflow.webhooks;

import dev.orderflow.testing.PostgresServer;
import dev.orderflow.testing.TestKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every API test again on PostgreSQL (production's database), with a topic of its own. */
class PostgresEndpointApiTest extends EndpointApiTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.get().newDatabase().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.kafka.consumer.group-id", () -> "webhooks-postgres-api");
        // A topic of its own: the H2 context's tests' events are not this context's.
        registry.add("orderflow.events.topic", () -> "postgres-api-order-events");
        TestKafka.declareTopic(TestKafka.bootstrapServers(), "postgres-api-order-events", 6);
    }
}
