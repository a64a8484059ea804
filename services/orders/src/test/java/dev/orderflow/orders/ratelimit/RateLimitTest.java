package dev.orderflow.orders.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {"orderflow.orders.rate-limit.capacity=3", "orderflow.orders.rate-limit.window=PT1H"})
@Import(RateLimitTest.CountedVerifications.class)
class RateLimitTest extends ApiTestSupport {

    /** Counts the bearer tokens verified (every call of the service's {@link JwtDecoder}). */
    @TestConfiguration(proxyBeanMethods = false)
    static class CountedVerifications {

        static final AtomicInteger decoded = new AtomicInteger();

        @Bean
        static BeanPostProcessor countingDecoder() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof JwtDecoder decoder) {
                        return (JwtDecoder) token -> {
                            decoded.incrementAndGet();
                            return decoder.decode(token);
                        };
                    }
                    return bean;
                }
            };
        }
    }

    @Test
    void countsDownPerClientThenAnswers429WithRetryAfter() {
        String acme = tokens.partner("rate-acme", "orders:read");

        var first = api.get("/api/orders").token(acme).send();
        api.get("/api/orders").token(acme).send();
        var third = api.get("/api/orders").token(acme).send();
        var fourth = api.get("/api/orders").token(acme).send();
        var otherClient = api.get("/api/orders")
                .token(tokens.partner("rate-other", "orders:read"))
                .send();

        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"per-client\";q=3;w=3600");
        assertThat(first.header("RateLimit")).startsWith("\"per-client\";r=2;t=");
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.header("RateLimit")).startsWith("\"per-client\";r=0;");
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.json().get("type").asText()).endsWith("/rate-limited");
        assertThat(Long.parseLong(fourth.header("Retry-After"))).isBetween(1L, 1200L);
        assertThat(otherClient.status()).isEqualTo(200);
    }

    @Test
    void aCallerOverItsLimitIsRefusedBeforeItsTokenIsVerifiedAgain() {
        String acme = tokens.partner("rate-early", "orders:read");
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/orders").token(acme).send().status()).isEqualTo(200);
        }
        CountedVerifications.decoded.set(0);
        double earlyBefore = earlyRefusals();
        long observed429Before = observed429s();

        var refused = api.get("/api/orders").token(acme).send();
        var refusedAgain = api.get("/api/orders").token(acme).send();
        // A token of the same caller never seen before is verified, then counted against that
        // caller's (empty) budget.
        var freshToken = api.get("/api/orders")
                .token(tokens.partner("rate-early", "orders:read"))
                .send();
        // A token that does not verify is a 401, never a 429, whatever the budgets.
        var forged = api.get("/api/orders").token(acme + "x").send();

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("type").asText()).endsWith("/rate-limited");
        assertThat(refused.header("RateLimit")).startsWith("\"per-client\";r=0;");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(refused.header("Cache-Control")).contains("no-store");
        assertThat(refused.header("X-Correlation-Id")).isNotBlank();
        assertThat(refusedAgain.status()).isEqualTo(429);
        assertThat(freshToken.status()).isEqualTo(429);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(CountedVerifications.decoded)
                .as("tokens verified: the fresh one and the forged one only")
                .hasValue(2);
        assertThat(earlyRefusals() - earlyBefore)
                .as("refused before verification: the known token's two")
                .isEqualTo(2);
        assertThat(observed429s() - observed429Before)
                .as("observed (span, log line, http.server.requests): only the fresh token's 429")
                .isEqualTo(1);
    }

    @Autowired
    MeterRegistry meters;

    private double earlyRefusals() {
        return meters.counter("orderflow.ratelimit.early.refused").count();
    }

    private long observed429s() {
        var timer = meters.find("http.server.requests").tag("status", "429").timer();
        return timer == null ? 0 : timer.count();
    }
}
