package dev.orderflow.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service stopped in the middle of an attempt (its attempt interrupted, nothing recorded), then
 * started again on the same database: the message is sent again once the lease runs out, under the
 * same {@code webhook-id}, and delivered. Nothing is lost; a repeat is recognisable.
 */
class CrashRecoveryTest {

    private static final TestTokens tokens = new TestTokens();

    @Test
    void aServiceStoppedMidDeliveryLosesNothingAndRepeatsOnlyTheSameWebhookId(@TempDir Path data) throws Exception {
        try (var receiver = new TestReceiver()) {
            receiver.answer(
                    "/slow",
                    request -> receiver.at("/slow").size() == 1
                            ? TestReceiver.Answer.hanging()
                            : TestReceiver.Answer.status(204));
            ConfigurableApplicationContext first = start(data);
            register(first, receiver.url("/slow"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.at("/slow").size() == 1);

            first.close(); // mid-attempt: the receiver has the request and has not answered
            ConfigurableApplicationContext second = start(data);
            try {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> receiver.at("/slow").size() >= 2);
                JdbcClient jdbc = second.getBean(JdbcClient.class);
                await().atMost(Duration.ofSeconds(10))
                        .until(
                                () -> jdbc.sql("SELECT state FROM deliveries")
                                        .query(String.class)
                                        .single(),
                                "DELIVERED"::equals);

                Set<String> ids = receiver.at("/slow").stream()
                        .map(request -> request.header("webhook-id"))
                        .collect(Collectors.toSet());
                assertThat(ids).hasSize(1);
                // The endpoint's one message (its ping). Not every row of messages: this group reads
                // the shared test topic from its start, and the events other test classes left there
                // are stored too (for no endpoint: they happened before this one was registered).
                assertThat(jdbc.sql("SELECT COUNT(DISTINCT message_id) FROM deliveries")
                                .query(Integer.class)
                                .single())
                        .isEqualTo(1);
                assertThat(jdbc.sql("SELECT COUNT(*) FROM attempts")
                                .query(Integer.class)
                                .single())
                        .isEqualTo(1); // the interrupted attempt left no record; the repeat did
            } finally {
                second.close();
            }
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        TestKafka.declareTopic(TestKafka.bootstrapServers(), "orderflow.order-events", 6);
        return new SpringApplicationBuilder(WebhooksApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + data.resolve("webhooks"),
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + tokens.jwkSetUri(),
                        "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                        "--spring.kafka.consumer.group-id=webhooks-crash-" + data.getFileName(),
                        "--orderflow.webhooks.guard.allowed-origins=http://localhost",
                        "--orderflow.webhooks.delivery.timeout=PT1S",
                        "--orderflow.webhooks.delivery.lease-margin=PT1S",
                        "--orderflow.webhooks.delivery.poll-interval=PT0.1S",
                        "--server.shutdown=immediate");
    }

    private static void register(ConfigurableApplicationContext service, String url) throws Exception {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        String token = tokens.sign(tokens.claims(
                "partner-acme", "partner-acme", null, "orderflow-webhooks", Duration.ofMinutes(5), "webhooks:manage"));
        HttpResponse<String> created = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/webhook-endpoints"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", "crash-test")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
    }
}
