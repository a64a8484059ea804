package dev.orderflow.analytics;

import dev.orderflow.testing.IdentityOutage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Identity down: analytics keeps accepting the tokens it can verify and refuses the rest (401). */
class IdentityOutageTest extends AnalyticsTestSupport {

    @Test
    void acceptsTokensIssuedBeforeTheOutageAndRefusesOnesItCannotVerify() throws Exception {
        IdentityOutage.assertIssuedTokensWorkAndUnverifiableOnesAreRefused(
                tokens,
                () -> tokens.claims(
                        "analytics-dashboard",
                        "analytics-dashboard",
                        null,
                        "orderflow-analytics",
                        Duration.ofMinutes(10),
                        "analytics:read"),
                token -> graphql(token, "{ statusCounts { status count } }", Map.of())
                        .status(),
                200,
                401);
    }
}
