package dev.orderflow.orders.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class KnownTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void aVerifiedTokenNamesItsCallersBudgetUntilItExpires() {
        var beforeExpiry = new KnownTokens(10, Clock.fixed(NOW, ZoneOffset.UTC));
        var atExpiry = new KnownTokens(10, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        for (var known : new KnownTokens[] {beforeExpiry, atExpiry}) {
            known.remember(jwt("token-a", NOW.plusSeconds(60)), "client:acme");
        }

        assertThat(beforeExpiry.budgetKeyOf("token-a")).isEqualTo("client:acme");
        assertThat(beforeExpiry.budgetKeyOf("token-b")).isNull();
        assertThat(atExpiry.budgetKeyOf("token-a")).isNull();
    }

    @Test
    void aTokenWithoutExpiryIsNotKept() {
        var known = new KnownTokens(10, Clock.fixed(NOW, ZoneOffset.UTC));
        known.remember(
                Jwt.withTokenValue("forever")
                        .header("alg", "RS256")
                        .subject("x")
                        .build(),
                "client:x");

        assertThat(known.budgetKeyOf("forever")).isNull();
    }

    private static Jwt jwt(String value, Instant expiresAt) {
        return Jwt.withTokenValue(value)
                .header("alg", "RS256")
                .subject("acme")
                .issuedAt(NOW.minusSeconds(60))
                .expiresAt(expiresAt)
                .build();
    }
}
