package dev.orderflow.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.orderflow.analytics.limits.CostBudgets;
import dev.orderflow.analytics.limits.LimitsProperties;
import dev.orderflow.analytics.readmodel.Freshness;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.LinkedMultiValueMap;
import reactor.core.publisher.Mono;

/** The request edge alone: the size check before parsing and the timeout, each a coded GraphQL error. */
class GraphQlEdgeTest {

    private final Freshness freshness = mock(Freshness.class);
    private final GraphQlEdge edge = new GraphQlEdge(
            mock(JwtDecoder.class),
            new LimitsProperties(100, 10, 1000, 30, 10, 10_000, Duration.ofMinutes(1), Duration.ofMillis(200)),
            freshness,
            mock(CostBudgets.class));

    @BeforeEach
    void signedIn() {
        given(freshness.status()).willReturn(new Freshness.Status(12L, 0));
        Jwt token = Jwt.withTokenValue("token")
                .header("alg", "RS256")
                .subject("analytics-dashboard")
                .claim("client_id", "analytics-dashboard")
                .claim("scope", List.of("analytics:read"))
                .build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(token));
    }

    @AfterEach
    void signedOut() {
        SecurityContextHolder.clearContext();
    }

    private static WebGraphQlRequest request(String document) {
        return new WebGraphQlRequest(
                URI.create("http://localhost/graphql"),
                new HttpHeaders(),
                new LinkedMultiValueMap<>(),
                null,
                Map.of(),
                Map.of("query", document),
                "1",
                Locale.ENGLISH);
    }

    @Test
    void aRequestStillRunningAfterTheTimeoutIsAnsweredWithATimeoutError() {
        long started = System.nanoTime();

        WebGraphQlResponse response = edge.intercept(request("{ statusCounts { count } }"), next -> Mono.never())
                .block(Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(response.getErrors())
                .extracting(ResponseError::getExtensions)
                .containsExactly(Map.of("code", "TIMEOUT"));
        assertThat(response.getExtensions()).containsKey("freshness");
    }

    @Test
    void aDocumentOverTheSizeLimitIsRefusedWithoutBeingParsedOrRun() {
        var ran = new AtomicBoolean();

        WebGraphQlResponse response = edge.intercept(request("{ statusCounts { count } }" + " ".repeat(100)), next -> {
                    ran.set(true);
                    return Mono.never();
                })
                .block(Duration.ofSeconds(5));

        assertThat(ran).isFalse();
        assertThat(response.getErrors())
                .extracting(ResponseError::getExtensions)
                .containsExactly(Map.of("code", "QUERY_TOO_LARGE"));
    }
}
