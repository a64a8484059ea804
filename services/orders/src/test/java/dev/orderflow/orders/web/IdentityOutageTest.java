package dev.orderflow.orders.web;

import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.testing.IdentityOutage;
import dev.orderflow.testing.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Identity down: orders keeps accepting the tokens it can verify and refuses the rest (401). */
class IdentityOutageTest extends ApiTestSupport {

    @Test
    void acceptsTokensIssuedBeforeTheOutageAndRefusesOnesItCannotVerify() throws Exception {
        IdentityOutage.assertIssuedTokensWorkAndUnverifiableOnesAreRefused(
                tokens,
                () -> tokens.claims(
                                "partner-acme",
                                "partner-acme",
                                null,
                                "orderflow-orders",
                                Duration.ofMinutes(10),
                                "orders:read")
                        .audience(TestTokens.ORDERS_AUDIENCES),
                token -> api.get("/api/orders?limit=1").token(token).send().status(),
                200,
                401);
    }
}
