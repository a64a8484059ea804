package dev.orderflow.orders.payment;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:payment-inbox;DB_CLOSE_DELAY=-1")
class H2PaymentInboxTest extends PaymentInboxTests {}
