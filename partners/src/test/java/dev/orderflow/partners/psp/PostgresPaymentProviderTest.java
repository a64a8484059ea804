package dev.orderflow.partners.psp;

import dev.orderflow.testing.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same behaviour on PostgreSQL, the production database: the same migrations, the same SQL. */
class PostgresPaymentProviderTest extends PaymentProviderTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.get().newDatabase().forEach((name, value) -> registry.add(name, () -> value));
    }
}
