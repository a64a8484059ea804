package dev.orderflow.orders.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {"orderflow.orders.rate-limit.capacity=3", "orderflow.orders.rate-limit.window=PT1H"})
class RateLimitTest extends ApiTestSupport {

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
}
