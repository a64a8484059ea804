package dev.orderflow.orders.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenValidationTest extends ApiTestSupport {

    @Test
    void refusesEveryBadTokenWith401AndAChallenge() {
        var valid = tokens.claims(
                "partner-acme", "partner-acme", null, "orderflow-orders", Duration.ofMinutes(5), "orders:read");
        var expired = tokens.claims(
                        "partner-acme", "partner-acme", null, "orderflow-orders", Duration.ofMinutes(5), "orders:read")
                .issueTime(new Date(System.currentTimeMillis() - 3_600_000))
                .notBeforeTime(new Date(System.currentTimeMillis() - 3_600_000))
                .expirationTime(new Date(System.currentTimeMillis() - 1_800_000));
        var wrongAudience = tokens.claims(
                "partner-acme", "partner-acme", null, "orderflow-inventory", Duration.ofMinutes(5), "orders:read");
        var wrongIssuer = tokens.claims(
                        "partner-acme", "partner-acme", null, "orderflow-orders", Duration.ofMinutes(5), "orders:read")
                .issuer("http://evil.test");
        String tampered = tokens.tampered(tokens.sign(valid), Map.of("customer_id", "bob"));

        var badTokens = Map.of(
                "expired", tokens.sign(expired),
                "wrong audience", tokens.sign(wrongAudience),
                "wrong issuer", tokens.sign(wrongIssuer),
                "alg none", tokens.unsigned(valid),
                "HS256 with the public key", tokens.hmacWithPublicKey(valid),
                "tampered payload", tampered,
                "not a JWT", "garbage");

        badTokens.forEach((what, token) -> {
            var response = api.get("/api/orders").token(token).send();
            assertThat(response.status()).as(what).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate"))
                    .as(what)
                    .startsWith("Bearer")
                    .contains("invalid_token");
            assertThat(response.json().get("type").asText()).as(what).endsWith("/unauthorized");
        });
        assertThat(api.get("/api/orders").token(tokens.sign(valid)).send().status())
                .isEqualTo(200);
    }

    @Test
    void refusesAMissingTokenWith401() {
        var response = api.get("/api/orders").send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
    }

    @Test
    void refusesAMissingScopeWith403AndChangesNothing() {
        long before = rows();

        var response = api.post("/api/orders", order("alice", "ACC-001", 1))
                .token(tokens.partner("partner-acme", "orders:read"))
                .header("Idempotency-Key", "no-scope")
                .send();
        var readOnly = api.get("/api/orders")
                .token(tokens.partner("partner-acme", "orders:write"))
                .send();

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("WWW-Authenticate")).contains("insufficient_scope");
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void echoesTheCorrelationIdAndNamesItInProblems() {
        var response = api.get("/api/orders")
                .header("X-Correlation-Id", "trace-me-123")
                .send();
        var generated = api.get("/api/products").send();

        assertThat(response.header("X-Correlation-Id")).isEqualTo("trace-me-123");
        assertThat(response.json().get("correlation_id").asText()).isEqualTo("trace-me-123");
        assertThat(generated.header("X-Correlation-Id")).hasSizeGreaterThan(8);
    }
}
