package dev.orderflow.analytics.query;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:analytics-store;DB_CLOSE_DELAY=-1")
class H2ReadModelStoreTest extends ReadModelStoreTests {}
