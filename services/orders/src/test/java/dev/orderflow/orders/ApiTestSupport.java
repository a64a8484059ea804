package dev.orderflow.orders;

import dev.orderflow.orders.fulfilment.FakeDependencies;
import dev.orderflow.orders.payment.FakePaymentProvider;
import dev.orderflow.orders.refund.FakeBank;
import dev.orderflow.testing.ApiClient;
import dev.orderflow.testing.OpenApiContract;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The orders service on a random port with its real configuration, H2 in memory, tokens signed by
 * {@link TestTokens} and validated through a JWKS URL; every API response checked against the contract.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:orders-api;DB_CLOSE_DELAY=-1",
            "spring.flyway.locations=classpath:db/migration,classpath:db/demo",
            "orderflow.orders.cursor-secret=test-cursor-secret-of-at-least-32-chars",
            "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
            "orderflow.orders.payments.webhook-secrets[0]=" + ApiTestSupport.PSP_WEBHOOK_SECRET,
            "orderflow.orders.payments.webhook-secrets[1]=" + ApiTestSupport.PSP_PREVIOUS_WEBHOOK_SECRET,
            "orderflow.orders.payments.provider.secret-key=" + FakePaymentProvider.SECRET_KEY,
            "orderflow.orders.payments.provider.read-timeout=1s",
            "orderflow.orders.payments.provider.initial-backoff=50ms",
            "orderflow.orders.payments.provider.max-backoff=200ms",
            "orderflow.orders.payments.provider.max-retry-after=2s",
            "orderflow.orders.payments.reconciliation-interval=1s",
            "orderflow.orders.workflow.interval=200ms",
            "orderflow.orders.bank.username=" + FakeBank.USERNAME,
            "orderflow.orders.bank.password=" + FakeBank.PASSWORD,
            "orderflow.orders.bank.read-timeout=1s",
            "orderflow.orders.bank.first-retry=100ms",
            "orderflow.orders.bank.max-retry=400ms",
            "orderflow.orders.bank.poll-interval=100ms",
            "orderflow.orders.workflow.inbox-retry=200ms",
            // The production deadline is 500 ms; a test JVM on two busy cores can miss it on a cold
            // path and answer 503 where the behaviour under test is something else. The outage tests
            // still see calls fail at the deadline and then fast once the breaker opens.
            "orderflow.orders.fulfilment.inventory.deadline=2s",
            "orderflow.orders.fulfilment.shipping.deadline=2s"
        })
public abstract class ApiTestSupport {

    /** The payment provider's webhook secrets: the current one, and the one it rotates away from. */
    protected static final String PSP_WEBHOOK_SECRET = "whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4u";

    protected static final String PSP_PREVIOUS_WEBHOOK_SECRET = "whsec_dGhlIG9sZCBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4u";

    protected static final TestTokens tokens = new TestTokens();
    protected static final FakeDependencies dependencies = new FakeDependencies();
    /** The payment provider; its webhooks go to this service, signed with the current secret. */
    protected static final FakePaymentProvider psp = new FakePaymentProvider(PSP_WEBHOOK_SECRET);
    /** The partner bank, for refunds. */
    protected static final FakeBank bank = new FakeBank();
    /** Inventory is reached through an in-JVM TCP proxy, which fault tests stop or freeze. */
    protected static final TcpCrusher inventoryProxy = proxy(dependencies.port());

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected ApiClient api;

    @DynamicPropertySource
    static void tokenKeys(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", tokens::jwkSetUri);
        registry.add("spring.security.oauth2.client.provider.identity.token-uri", tokens::tokenUri);
        registry.add("spring.security.oauth2.client.registration.orderflow-orders.client-secret", () -> "test");
        // Placeholders, so that a test class can point orders at other instances by registering
        // orderflow.test.*-target in a @DynamicPropertySource of its own (Spring calls a subclass's
        // before this one, so it cannot override these keys themselves).
        registry.add(
                "spring.grpc.client.channels.inventory.address",
                () -> "${orderflow.test.inventory-target:127.0.0.1:"
                        + inventoryProxy.getBindAddress().getPort() + "}");
        registry.add(
                "spring.grpc.client.channels.shipping.address",
                () -> "${orderflow.test.shipping-target:127.0.0.1:" + dependencies.port() + "}");
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("orderflow.orders.payments.provider.base-url", () -> psp.baseUrl()
                .toString());
        registry.add("orderflow.orders.bank.url", () -> bank.url().toString());
    }

    /** Ready (warmed up, see WarmUp) before each test, so its calls never count against a test's. */
    @BeforeEach
    void client() {
        api = new ApiClient(URI.create("http://127.0.0.1:" + port), OpenApiContract.orders());
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/actuator/health/readiness").send().status() == 200);
        dependencies.reset();
        psp.reset();
        bank.reset();
        psp.deliverTo(URI.create("http://127.0.0.1:" + port + "/webhooks/psp"));
    }

    protected static String partner() {
        return tokens.partner("partner-acme", "orders:read", "orders:write");
    }

    protected static String customer(String id) {
        return tokens.customer(id, "orders:read", "orders:write");
    }

    protected static Map<String, Object> order(String customerId, String sku, int quantity) {
        var body = new LinkedHashMap<String, Object>();
        if (customerId != null) {
            body.put("customer_id", customerId);
        }
        body.put("items", List.of(Map.of("sku", sku, "quantity", quantity)));
        body.put("shipping_address", address());
        return body;
    }

    protected static Map<String, Object> address() {
        return Map.of(
                "name",
                "Alice Example",
                "line1",
                "1 Market Street",
                "city",
                "Lyon",
                "postal_code",
                "69001",
                "country",
                "FR");
    }

    /** Places an order as a partner, asserting it was created; returns its id. */
    protected String place(String token, Map<String, Object> body) {
        var response = api.post("/api/orders", body)
                .token(token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
        Assertions.assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    /**
     * Waits until the order's payment intent is attached (its version 2): a placed order changes
     * once more on its own, soon after it is placed, and tests of versions start after that.
     */
    protected void awaitPaymentIntent(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !api.get("/api/orders/" + id)
                .token(partner())
                .send()
                .json()
                .get("payment")
                .isNull());
    }

    private static TcpCrusher proxy(int target) {
        try (var socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            socket.close();
            return TcpCrusherBuilder.builder()
                    .withReactor(new NioReactor())
                    .withBindAddress("127.0.0.1", port)
                    .withConnectAddress("127.0.0.1", target)
                    .buildAndOpen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows that bad requests must never change. */
    protected long rows() {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM order_lines)"
                        + " + (SELECT COUNT(*) FROM idempotency_records)")
                .query(Long.class)
                .single();
    }
}
