package dev.orderflow.orders.events;

import dev.orderflow.testing.PostgresServer;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class PostgresOutboxTest extends OutboxTests {

    @Override
    DriverManagerDataSource newDatabase() {
        return new DriverManagerDataSource(PostgresServer.get().createDatabase(), "orderflow", "");
    }
}
