package dev.orderflow.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.PostgresServer;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances on one PostgreSQL database, both dispatching: every message is sent once, by
 * whichever instance leased it first (a conditional UPDATE is the lease), never by both.
 */
class TwoInstancesTest {

    private static final TestTokens tokens = new TestTokens();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoInstancesSharingADatabaseSendEachMessageOnce() throws Exception {
        String database = PostgresServer.get().createDatabase();
        try (var receiver = new TestReceiver();
                ConfigurableApplicationContext first = start(database);
                ConfigurableApplicationContext second = start(database)) {
            String endpoint = register(port(first), receiver.url("/shared"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.at("/shared").size() == 1);

            for (int n = 0; n < 100; n++) {
                ping(port(n % 2 == 0 ? first : second), endpoint);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> receiver.at("/shared").size() >= 101);

            Map<String, Long> perId = receiver.at("/shared").stream()
                    .collect(Collectors.groupingBy(request -> request.header("webhook-id"), Collectors.counting()));
            assertThat(perId).hasSize(101).allSatisfy((id, count) -> assertThat(count)
                    .as("deliveries of %s", id)
                    .isOne());
            assertThat(attempts(first))
                    .as("attempts made by the first instance")
                    .isPositive();
            assertThat(attempts(second))
                    .as("attempts made by the second instance")
                    .isPositive();
            assertThat(attempts(first) + attempts(second)).isEqualTo(101);
        }
    }

    private static ConfigurableApplicationContext start(String database) {
        TestKafka.declareTopic(TestKafka.bootstrapServers(), "two-instances-order-events", 6);
        return new SpringApplicationBuilder(WebhooksApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username=orderflow",
                        "--spring.datasource.password=",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + tokens.jwkSetUri(),
                        "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                        "--orderflow.events.topic=two-instances-order-events",
                        "--orderflow.webhooks.guard.allowed-origins=http://localhost",
                        "--orderflow.webhooks.delivery.poll-interval=PT0.05S");
    }

    private static long attempts(ConfigurableApplicationContext service) {
        return service.getBean(MeterRegistry.class).find("webhooks.attempts").timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    private static int port(ConfigurableApplicationContext service) {
        return ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    private static String token() {
        return tokens.sign(tokens.claims(
                "partner-acme", "partner-acme", null, "orderflow-webhooks", Duration.ofMinutes(5), "webhooks:manage"));
    }

    private String register(int port, String url) throws Exception {
        HttpResponse<String> created = post(
                port,
                "/api/webhook-endpoints",
                "{\"url\":\"" + url + "\",\"event_types\":[\"message.attempt.exhausted\"]}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Content-Type", "application/json"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return WebhooksTestSupport.json.readTree(created.body()).path("id").asString();
    }

    private void ping(int port, String endpoint) throws Exception {
        HttpResponse<String> queued = post(port, "/api/webhook-endpoints/" + endpoint + "/ping", null, Map.of());
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
    }

    private HttpResponse<String> post(int port, String path, String body, Map<String, String> headers)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token())
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
