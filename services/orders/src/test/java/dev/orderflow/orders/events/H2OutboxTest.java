package dev.orderflow.orders.events;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

class H2OutboxTest extends OutboxTests {

    @Override
    DriverManagerDataSource newDatabase() {
        return new DriverManagerDataSource("jdbc:h2:mem:outbox-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
}
