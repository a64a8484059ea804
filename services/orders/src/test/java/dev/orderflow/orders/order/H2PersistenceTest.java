package dev.orderflow.orders.order;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:persistence;DB_CLOSE_DELAY=-1")
class H2PersistenceTest extends PersistenceTests {}
