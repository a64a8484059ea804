package dev.orderflow.orders.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Bearer tokens this instance verified, with the budget key of the caller each names, until the
 * token expires. Only ever used to <em>refuse</em> early: a request is authenticated by verifying
 * its token every time, whatever this cache holds.
 */
final class KnownTokens {

    private record Known(String budgetKey, Instant expiresAt) {}

    private final Cache<String, Known> tokens;
    private final Clock clock;

    KnownTokens(int maximumSize, Clock clock) {
        this.tokens = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(Duration.ofMinutes(15))
                .build();
        this.clock = clock;
    }

    void remember(Jwt jwt, String budgetKey) {
        if (jwt.getExpiresAt() != null) {
            tokens.put(jwt.getTokenValue(), new Known(budgetKey, jwt.getExpiresAt()));
        }
    }

    /** The budget key of a token verified before and not expired yet; null for any other. */
    String budgetKeyOf(String token) {
        Known known = tokens.getIfPresent(token);
        if (known == null || !clock.instant().isBefore(known.expiresAt())) {
            return null;
        }
        return known.budgetKey();
    }
}
