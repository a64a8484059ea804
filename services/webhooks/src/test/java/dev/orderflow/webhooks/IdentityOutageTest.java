package dev.orderflow.webhooks;

import dev.orderflow.testing.IdentityOutage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Identity down: webhooks keeps accepting the tokens it can verify and refuses the rest (401). */
class IdentityOutageTest extends WebhooksTestSupport {

    @Test
    void acceptsTokensIssuedBeforeTheOutageAndRefusesOnesItCannotVerify() throws Exception {
        IdentityOutage.assertIssuedTokensWorkAndUnverifiableOnesAreRefused(
                tokens,
                () -> tokens.claims(
                        "partner-acme",
                        "partner-acme",
                        null,
                        "orderflow-webhooks",
                        Duration.ofMinutes(10),
                        "webhooks:manage"),
                token -> call("GET", "/api/webhook-endpoints", token, null).status(),
                200,
                401);
    }
}
