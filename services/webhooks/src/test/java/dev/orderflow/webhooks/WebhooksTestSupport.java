package dev.orderflow.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.OpenApiContract;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TestTokens;
import dev.orderflow.webhooks.delivery.SenderFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhooks service on a random port with its real configuration but for: H2 in memory, the
 * test JVM's Kafka, tokens from {@link TestTokens}, a {@link TestClock} tests move by hours, a
 * {@link TestNames} resolver (no DNS), 1-second attempt timeouts, and a trip-wire around the
 * delivery client's resolver: any address outside loopback about to be connected to is refused and
 * recorded, and fails the test. Every response of the API is checked against webhooks.yaml.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:webhooks;DB_CLOSE_DELAY=-1",
            "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
            "orderflow.webhooks.guard.allowed-origins=http://localhost",
            "orderflow.webhooks.delivery.timeout=PT1S",
            "orderflow.webhooks.delivery.connect-timeout=PT1S",
            "orderflow.webhooks.delivery.poll-interval=PT0.05S",
            "orderflow.webhooks.delivery.lease-margin=PT1S"
        })
@Import(WebhooksTestSupport.Wiring.class)
public abstract class WebhooksTestSupport {

    protected static final TestTokens tokens = new TestTokens();
    protected static final JsonMapper json = JsonMapper.builder().build();
    protected static final OpenApiContract contract = OpenApiContract.webhooks();
    protected static final TestReceiver receiver = new TestReceiver();
    /** Addresses outside loopback that a delivery was about to connect to (never allowed). */
    static final List<String> tripped = new CopyOnWriteArrayList<>();

    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    /** A path of its own on the shared receiver for each test (JUnit makes an instance per test). */
    private final String run = "/" + UUID.randomUUID().toString().substring(0, 8);

    protected String p(String path) {
        return run + path;
    }

    @Autowired
    protected TestClock clock;

    @Autowired
    protected TestNames names;

    @Autowired
    protected JdbcClient jdbc;

    @TestConfiguration(proxyBeanMethods = false)
    static class Wiring {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }

        @Bean
        @Primary
        TestNames testNames() {
            return new TestNames();
        }

        @Bean
        @Primary
        SenderFactory tripWire() {
            return SenderFactory.resolvingThrough(guarded -> new DnsResolver() {
                @Override
                public InetAddress[] resolve(String host) throws UnknownHostException {
                    InetAddress[] addresses = guarded.resolve(host);
                    for (InetAddress address : addresses) {
                        if (!address.isLoopbackAddress()) {
                            tripped.add(host + " -> " + address.getHostAddress());
                            throw new UnknownHostException("trip-wire: " + address + " is outside loopback");
                        }
                    }
                    return addresses;
                }

                @Override
                public String resolveCanonicalHostname(String host) throws UnknownHostException {
                    return guarded.resolveCanonicalHostname(host);
                }
            });
        }
    }

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        TestKafka.declareTopic(TestKafka.bootstrapServers(), "orderflow.order-events", 6);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", tokens::jwkSetUri);
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    }

    /**
     * Each test starts with no endpoints, at real time, with the default names. The dispatcher may
     * still be recording an attempt, and the cascade can then lose a deadlock: it is tried again.
     */
    @AfterEach
    void cleanUp() {
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptionsInstanceOf(PessimisticLockingFailureException.class)
                .until(() -> jdbc.sql("DELETE FROM endpoints").update() >= 0);
        clock.reset();
        names.reset();
        assertThat(tripped).as("connections outside loopback were attempted").isEmpty();
    }

    @AfterAll
    static void trippedNothing() {
        assertThat(tripped).isEmpty();
    }

    /** A partner's token for this service. */
    protected static String token(String owner) {
        return tokens.sign(
                tokens.claims(owner, owner, null, "orderflow-webhooks", Duration.ofMinutes(10), "webhooks:manage"));
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            return WebhooksTestSupport.json.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A request to the API; the response is checked against the contract. */
    protected Response call(String method, String path, String token, String body, String... headers) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            var result = new Response(response.statusCode(), response.headers().map(), response.body());
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            contract.assertConforms(method, bare, result.status(), result::header, result.body());
            return result;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * For {@link #register}: an endpoint that receives no order events, only what a test sends it
     * (pings), whatever other tests publish meanwhile.
     */
    protected static final String QUIET = ",\"event_types\":[\"message.attempt.exhausted\"]";

    /** Registers an endpoint; {@code extra} is more JSON members (",\"signature_scheme\":\"v1a\""). */
    protected JsonNode register(String owner, String url, String extra) {
        Response created = call(
                "POST",
                "/api/webhook-endpoints",
                token(owner),
                "{\"url\":\"" + url + "\"" + extra + "}",
                "Idempotency-Key",
                UUID.randomUUID().toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    /** The order ids' data.sequence values in the order the receiver got them, per path. */
    protected static List<TestReceiver.Received> bodiesOf(String path, String type) {
        return receiver.at(path).stream()
                .filter(request ->
                        json.readTree(request.body()).path("type").asString().equals(type))
                .toList();
    }
}
