package dev.orderflow.orders.payment;

import dev.orderflow.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresPaymentInboxTest extends PaymentInboxTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.get().newDatabase().forEach((name, value) -> registry.add(name, () -> value));
    }
}
