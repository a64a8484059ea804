package dev.orderflow.sdk;

import static dev.orderflow.sdk.FakeServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.sdk.auth.TokenSource;
import dev.orderflow.sdk.rest.Models.Address;
import dev.orderflow.sdk.rest.Models.Line;
import dev.orderflow.sdk.rest.Models.PlaceOrder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries happen only where they are safe, wait at least what the server asked, reuse the same
 * Idempotency-Key, and stop within the call's time budget. Waits run on {@link TestTime}: recorded,
 * not slept.
 */
class ResilienceTest {

    static final String ORDER =
            """
            {"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","customer_id":"alice","status":"AWAITING_PAYMENT",
             "items":[],"total":{"amount_minor":4290,"currency":"EUR"},"refund_due":false,"future_member":1}""";

    static final PlaceOrder PLACE = new PlaceOrder(
            "alice", List.of(new Line("ACC-001", 1)), new Address("Alice", "1 Market Street", "Lyon", "69001", "FR"));

    final TestTime time = new TestTime();
    final java.util.concurrent.CountDownLatch unanswered = new java.util.concurrent.CountDownLatch(1);
    FakeServer server;

    @AfterEach
    void stop() {
        unanswered.countDown();
        if (server != null) {
            server.close();
        }
        time.shutdownNow();
    }

    Orderflow client(URI orders) {
        return client(orders, TokenSource.of("token-1"));
    }

    Orderflow client(URI orders, TokenSource tokens) {
        return Orderflow.builder()
                .endpoints(Endpoints.localhost().withOrders(orders))
                .tokens(tokens)
                .scheduler(time)
                .clock(time.clock())
                .retries(5, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60))
                .readTimeout(Duration.ofMillis(500))
                .build();
    }

    @Test
    void retriesAGetOn503AndWaitsAtLeastItsRetryAfter() throws IOException {
        server = new FakeServer().on("/api/orders/", (exchange, n) -> {
            if (n < 3) {
                json(
                        exchange,
                        503,
                        "{\"type\":\"https://orderflow.dev/problems/dependency-unavailable\",\"status\":503}",
                        "Retry-After",
                        "7");
            } else {
                json(exchange, 200, ORDER, "ETag", "\"1\"");
            }
        });
        try (var orderflow = client(server.uri())) {
            var order = orderflow.orders().get("7c9e6679-7425-40de-944b-e07fc1f90ae7");

            assertThat(order.value().status()).isEqualTo("AWAITING_PAYMENT");
            assertThat(order.etag()).isEqualTo("\"1\"");
        }
        assertThat(server.seen()).hasSize(3);
        assertThat(time.waits()).hasSize(2).allSatisfy(wait -> assertThat(wait)
                .isGreaterThanOrEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void retriesAPlacedOrderOn429WithTheSameIdempotencyKey() throws IOException {
        server = new FakeServer().on("/api/orders", (exchange, n) -> {
            if (n < 3) {
                json(
                        exchange,
                        429,
                        "{\"type\":\"https://orderflow.dev/problems/rate-limited\",\"status\":429}",
                        "Retry-After",
                        "2");
            } else {
                json(exchange, 201, ORDER);
            }
        });
        try (var orderflow = client(server.uri())) {
            orderflow.orders().place(PLACE);
        }
        var keys = server.seen().stream().map(s -> s.header("Idempotency-Key")).toList();
        assertThat(keys).hasSize(3).doesNotContainNull();
        assertThat(keys.stream().distinct()).hasSize(1);
        assertThat(server.seen()).allSatisfy(s -> assertThat(s.body()).contains("\"customer_id\":\"alice\""));
        assertThat(time.waits()).allSatisfy(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void neverRetriesACallThatIsNotIdempotentAndHasNoKey() throws IOException {
        server = new FakeServer()
                .on(
                        "/api/orders/",
                        (exchange, n) -> json(
                                exchange,
                                503,
                                "{\"type\":\"https://orderflow.dev/problems/dependency-unavailable\",\"title\":\"Service unavailable\","
                                        + "\"status\":503,\"detail\":\"inventory is down\",\"correlation_id\":\"c-1\"}",
                                "Retry-After",
                                "1"));
        try (var orderflow = client(server.uri())) {
            assertThatThrownBy(() -> orderflow.orders().cancel("7c9e6679-7425-40de-944b-e07fc1f90ae7", null))
                    .isInstanceOfSatisfying(ProblemException.Unavailable.class, problem -> {
                        assertThat(problem.code()).isEqualTo("dependency-unavailable");
                        assertThat(problem.detail()).isEqualTo("inventory is down");
                        assertThat(problem.correlationId()).isEqualTo("c-1");
                        assertThat(problem.retryAfter()).contains(Duration.ofSeconds(1));
                    });
        }
        assertThat(server.seen()).hasSize(1);
        assertThat(time.waits()).isEmpty();
    }

    @Test
    void retriesAConnectionThatWasNeverMadeEvenForACallWithoutAKeyForItsReconnectTime() throws IOException {
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (var orderflow = client(URI.create("http://127.0.0.1:" + closed))) {
            assertThatThrownBy(() -> orderflow.orders().cancel("7c9e6679-7425-40de-944b-e07fc1f90ae7", null))
                    .isInstanceOf(OrderflowException.class)
                    .hasMessageContaining("ConnectException");
        }
        // Not bounded by the 5 attempts: retried until the next wait would end after 30 s.
        assertThat(time.waits()).hasSizeGreaterThan(5);
        Duration waited = time.waits().stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(waited).isLessThanOrEqualTo(Duration.ofSeconds(30));
        // Exponential with jitter: each wait is within (0, 2 × 100 ms × 2^(n-1)], capped at 5 s.
        for (int i = 0; i < time.waits().size(); i++) {
            assertThat(time.waits().get(i)).isLessThanOrEqualTo(Duration.ofMillis(Math.min(5_000, 200L << i)));
        }
    }

    /** A server that restarts: connections refused for six attempts (more than maxAttempts), then answered. */
    @Test
    void aCallRidesOutAServerThatRefusesConnectionsWhileItRestarts() throws IOException {
        server = new FakeServer().on("/api/orders/", (exchange, n) -> json(exchange, 200, ORDER));
        URI restarting = server.uri();
        server.close(); // refused until it is back on the same port
        var attempts = new AtomicInteger();
        try (var orderflow = Orderflow.builder()
                .endpoints(Endpoints.localhost().withOrders(restarting))
                .tokens(TokenSource.of("token-1"))
                .scheduler(time)
                .clock(time.clock())
                .retries(5, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60))
                .requestLog(line -> {
                    if (line.contains("retrying in")) {
                        if (attempts.incrementAndGet() == 6) { // back after the sixth refusal
                            try {
                                server = new FakeServer(restarting.getPort())
                                        .on("/api/orders/", (exchange, n) -> json(exchange, 200, ORDER));
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }
                })
                .build()) {
            assertThat(orderflow
                            .orders()
                            .get("7c9e6679-7425-40de-944b-e07fc1f90ae7")
                            .value()
                            .id())
                    .isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        }
        assertThat(time.waits()).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void retriesAGetWhoseConnectionDroppedButNotAPostWithoutAKey() throws IOException {
        var gets = new AtomicInteger();
        server = new FakeServer()
                .on("/api/orders/7c9e6679-7425-40de-944b-e07fc1f90ae7/cancel", (exchange, n) -> exchange.close())
                .on("/api/orders/7c9e6679-7425-40de-944b-e07fc1f90ae7", (exchange, n) -> {
                    if (gets.incrementAndGet() == 1) {
                        exchange.close(); // the connection drops before any answer
                    } else {
                        json(exchange, 200, ORDER);
                    }
                });
        try (var orderflow = client(server.uri())) {
            assertThat(orderflow
                            .orders()
                            .get("7c9e6679-7425-40de-944b-e07fc1f90ae7")
                            .value()
                            .id())
                    .isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
            assertThatThrownBy(() -> orderflow.orders().cancel("7c9e6679-7425-40de-944b-e07fc1f90ae7", null))
                    .isInstanceOf(OrderflowException.class);
        }
        assertThat(gets).hasValue(2);
        assertThat(server.seen().stream().filter(s -> s.method().equals("POST")))
                .hasSize(1);
    }

    @Test
    void retriesAGetWhoseAnswerIsSlowerThanTheReadTimeout() throws IOException {
        server = new FakeServer().on("/api/products/ACC-001", (exchange, n) -> {
            if (n == 1) {
                // No answer until the test ends: the client's 500 ms read timeout must fire.
                unanswered.await(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            json(
                    exchange,
                    200,
                    "{\"sku\":\"ACC-001\",\"name\":\"Tote\",\"price\":{\"amount_minor\":1900,\"currency\":\"EUR\"}}");
        });
        try (var orderflow = client(server.uri())) {
            assertThat(orderflow.products().get("ACC-001").price().amountMinor())
                    .isEqualTo(1900);
        }
        assertThat(server.seen()).hasSize(2);
    }

    @Test
    void givesUpAtOnceWhenRetryAfterIsLongerThanTheTimeBudget() throws IOException {
        server = new FakeServer()
                .on(
                        "/api/orders/",
                        (exchange, n) -> json(
                                exchange,
                                429,
                                "{\"type\":\"https://orderflow.dev/problems/rate-limited\",\"status\":429}",
                                "Retry-After",
                                "120"));
        try (var orderflow = client(server.uri())) {
            assertThatThrownBy(() -> orderflow.orders().get("7c9e6679-7425-40de-944b-e07fc1f90ae7"))
                    .isInstanceOfSatisfying(
                            ProblemException.RateLimited.class,
                            problem -> assertThat(problem.retryAfter()).contains(Duration.ofSeconds(120)));
        }
        assertThat(server.seen()).hasSize(1);
        assertThat(time.waits()).isEmpty();
    }

    @Test
    void renewsARefusedTokenOnceAndSendsTheCallAgain() throws IOException {
        var tokens = new TokenSource() {
            final AtomicInteger issued = new AtomicInteger(1);

            @Override
            public String token() {
                return "token-" + issued.get();
            }

            @Override
            public boolean invalidate(String token) {
                issued.incrementAndGet();
                return true;
            }
        };
        server = new FakeServer().on("/api/orders/", (exchange, n) -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if ("Bearer token-1".equals(auth)) {
                json(exchange, 401, "{\"type\":\"https://orderflow.dev/problems/unauthorized\",\"status\":401}");
            } else {
                json(exchange, 200, ORDER);
            }
        });
        try (var orderflow = client(server.uri(), tokens)) {
            orderflow.orders().get("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        }
        assertThat(server.seen())
                .extracting(s -> s.header("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void mapsAProblemToATypedExceptionWithItsFieldErrors() throws IOException {
        server = new FakeServer()
                .on(
                        "/api/orders",
                        (exchange, n) -> json(
                                exchange,
                                422,
                                """
                {"type":"https://orderflow.dev/problems/unknown-product","title":"Unknown product","status":422,
                 "detail":"1 item names a product that does not exist.",
                 "errors":[{"field":"items[0].sku","message":"unknown SKU NOPE-1"}]}""",
                                "X-Correlation-Id",
                                "corr-9"));
        try (var orderflow = client(server.uri())) {
            assertThatThrownBy(() -> orderflow.orders().place(PLACE))
                    .isInstanceOfSatisfying(ProblemException.InvalidRequest.class, problem -> {
                        assertThat(problem.status()).isEqualTo(422);
                        assertThat(problem.code()).isEqualTo("unknown-product");
                        assertThat(problem.errors())
                                .containsExactly(new ProblemException.FieldError("items[0].sku", "unknown SKU NOPE-1"));
                        assertThat(problem.correlationId()).isEqualTo("corr-9");
                    });
        }
        assertThat(server.seen()).hasSize(1);
    }

    @Test
    void logsEachAttemptWithoutTheTokenOrTheBody() throws IOException {
        server = new FakeServer().on("/api/orders", (exchange, n) -> {
            if (n == 1) {
                json(exchange, 503, "{\"status\":503}", "Retry-After", "1");
            } else {
                json(exchange, 201, ORDER, "X-Correlation-Id", "corr-7");
            }
        });
        var lines = new java.util.concurrent.CopyOnWriteArrayList<String>();
        try (var orderflow = Orderflow.builder()
                .endpoints(Endpoints.localhost().withOrders(server.uri()))
                .bearerToken("secret-token-value")
                .scheduler(time)
                .clock(time.clock())
                .requestLog(lines::add)
                .build()) {
            orderflow.orders().place(PLACE, "key-1");
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("→ POST").contains("[Idempotency-Key: key-1]"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("(attempt 2)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("← 201").contains("corr-7"));
        assertThat(lines)
                .noneSatisfy(l -> assertThat(l).containsAnyOf("secret-token-value", "Bearer", "alice", "Market"));
    }

    /**
     * Identity down: a client that needs a new token keeps trying to reach the token endpoint within
     * the call's budget, then fails with an error that names the token endpoint and why — and the
     * API call it was for is never sent without a token.
     */
    @Test
    void identityDownFailsTheCallClearlyAfterRetryingTheTokenRequest() throws IOException {
        var apiCalls = new java.util.concurrent.atomic.AtomicInteger();
        server = new FakeServer().on("/api/orders/", (exchange, n) -> {
            apiCalls.incrementAndGet();
            json(exchange, 200, ORDER);
        });
        URI identity;
        try (var closed = new java.net.ServerSocket(0)) {
            identity = URI.create("http://127.0.0.1:" + closed.getLocalPort()); // nothing listens there now
        }
        try (var orderflow = Orderflow.builder()
                .endpoints(Endpoints.localhost().withOrders(server.uri()).withIdentity(identity))
                .clientCredentials("orderflow-cli", "orderflow-cli-secret")
                .scheduler(time)
                .clock(time.clock())
                .build()) {
            assertThatThrownBy(() -> orderflow.orders().get("7c9e6679-7425-40de-944b-e07fc1f90ae7"))
                    .isInstanceOf(OrderflowException.class)
                    .hasMessageContaining("POST " + identity + "/oauth2/token failed")
                    .hasMessageContaining("ConnectException");
        }
        assertThat(time.waits())
                .as("the token request was retried with backoff")
                .hasSizeGreaterThan(1);
        assertThat(apiCalls.get()).as("no call went out without a token").isZero();
    }
}
