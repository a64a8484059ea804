package dev.orderflow.partners.psp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import dev.orderflow.testing.ApiClient;
import dev.orderflow.testing.OpenApiContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The provider's webhooks as a receiver sees them: signed per Standard Webhooks with every secret
 * of a rotation, retried on failures and timeouts with every attempt recorded, duplicated and
 * reordered for the chaotic test card. The receiver is a plain JDK HTTP server; signatures are
 * checked with the Standard Webhooks library, as any consumer would.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:partners-webhooks;DB_CLOSE_DELAY=-1",
            "orderflow.partners.psp.webhooks.retry-schedule=PT0.2S,PT0.2S,PT0.2S",
            "orderflow.partners.psp.webhooks.timeout=PT0.5S",
            "orderflow.partners.psp.webhooks.send-interval=PT0.05S",
            "orderflow.partners.psp.webhooks.chaos-delay=PT0.3S"
        })
class WebhookDeliveryTest {

    static final String SECRET = "sk_test_hooks_0123456789";
    static final String NEW_SECRET = "whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4u";
    static final String OLD_SECRET = "whsec_dGhlIG9sZCBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4u";
    static final Receiver receiver = new Receiver();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Faults faults;

    ApiClient api;

    /** The whole account here: a list is bound from one property source, never merged across them. */
    @DynamicPropertySource
    static void account(DynamicPropertyRegistry registry) {
        registry.add("orderflow.partners.psp.accounts[0].id", () -> "acct_hooks");
        registry.add("orderflow.partners.psp.accounts[0].secret-key", () -> SECRET);
        registry.add("orderflow.partners.psp.accounts[0].publishable-key", () -> "pk_test_hooks");
        registry.add("orderflow.partners.psp.accounts[0].webhook-url", receiver::url);
        registry.add("orderflow.partners.psp.accounts[0].webhook-secrets[0]", () -> NEW_SECRET);
        registry.add("orderflow.partners.psp.accounts[0].webhook-secrets[1]", () -> OLD_SECRET);
    }

    @AfterAll
    static void stop() {
        receiver.server.stop(0);
    }

    @BeforeEach
    void client() {
        api = new ApiClient(URI.create("http://127.0.0.1:" + port), OpenApiContract.psp());
    }

    @Test
    void deliversEachEventSignedWithEverySecretOfTheRotation() throws Exception {
        String intent = createAndConfirm("pm_card_visa");

        List<Received> got = awaitDeliveries(intent, 2);

        assertThat(got)
                .extracting(Received::type)
                .containsExactly("payment_intent.created", "payment_intent.succeeded");
        for (Received delivery : got) {
            // A receiver that knows only the old secret, or only the new one, accepts it.
            new Webhook(OLD_SECRET).verify(delivery.body(), delivery.headers());
            new Webhook(NEW_SECRET).verify(delivery.body(), delivery.headers());
            assertThat(delivery.headers().get("webhook-signature").getFirst().split(" "))
                    .hasSize(2);
            assertThat(delivery.headers().get("webhook-id").getFirst())
                    .isEqualTo(delivery.event().get("id").asText());
            String listed = jdbc.sql("SELECT payload FROM psp_events WHERE id = ?")
                    .param(delivery.event().get("id").asText())
                    .query(String.class)
                    .single();
            assertThat(delivery.body()).isEqualTo(listed);
        }
    }

    @Test
    void retriesAfterErrorsAndTimeoutsAndRecordsEveryAttempt() {
        String order = UUID.randomUUID().toString();
        receiver.answers.put(order, new ConcurrentLinkedQueue<>(List.of(500, -1, 429))); // -1: too slow
        String intent = create(order);

        List<Received> got = awaitDeliveries(intent, 1);

        // The slow answer came after the sender gave up on it: the receiver saw the event twice,
        // as at-least-once delivery allows, both times under the same webhook-id to de-duplicate by.
        assertThat(got)
                .extracting(delivery -> delivery.headers().get("webhook-id").getFirst())
                .containsOnly(got.getFirst().event().get("id").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(intent).equals("DELIVERED"));
        assertThat(attemptsOf(intent)).containsExactly("500", "timeout", "429", "200");
    }

    @Test
    void givesUpAfterTheLastWaitOfTheSchedule() {
        String order = UUID.randomUUID().toString();
        receiver.answers.put(order, new ConcurrentLinkedQueue<>(List.of(503, 503, 503, 503, 503)));
        String intent = create(order);

        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(intent).equals("FAILED"));

        assertThat(attemptsOf(intent)).containsExactly("503", "503", "503", "503"); // first try + 3 retries
    }

    @Test
    void theChaoticCardsSuccessArrivesTwiceAndItsCreationAfterIt() {
        String intent = createAndConfirm("pm_card_visa_chaoticWebhooks");

        List<Received> got = awaitDeliveries(intent, 4);

        assertThat(got)
                .extracting(Received::type)
                .containsExactly(
                        "payment_intent.created",
                        "payment_intent.succeeded",
                        "payment_intent.succeeded",
                        "payment_intent.created");
        assertThat(got.get(1).event().get("id")).isEqualTo(got.get(2).event().get("id"));
    }

    @Test
    void theFaultKnobsDuplicateAndHoldBackDeliveriesSoEventsArriveTwiceAndOutOfOrder() {
        Faults.Settings calm = faults.settings();
        faults.change(new Faults.Settings(0, 0, 0, 1, 0, 1.0, 1.0));
        try {
            String intent = createAndConfirm("pm_card_visa");

            List<Received> got = awaitDeliveries(intent, 4);

            // each held back (2 gaps) and sent again (a gap later): the creation arrives after the success
            assertThat(got)
                    .extracting(Received::type)
                    .containsExactly(
                            "payment_intent.created",
                            "payment_intent.succeeded",
                            "payment_intent.created",
                            "payment_intent.succeeded");
            assertThat(got.get(0).event().get("id"))
                    .isEqualTo(got.get(2).event().get("id"));
        } finally {
            faults.change(calm);
        }
    }

    private String create(String orderId) {
        var created = api.post(
                        "/v1/payment_intents",
                        Map.of("amount", 500, "currency", "eur", "metadata", Map.of("order_id", orderId)))
                .token(SECRET)
                .send();
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("id").asText();
    }

    private String createAndConfirm(String method) {
        String intent = create(UUID.randomUUID().toString());
        var confirmed = api.post("/v1/payment_intents/" + intent + "/confirm", Map.of("payment_method", method))
                .token(SECRET)
                .send();
        assertThat(confirmed.status()).isEqualTo(200);
        return intent;
    }

    private List<Received> awaitDeliveries(String intent, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.of(intent).size() >= count);
        return receiver.of(intent);
    }

    private String statusOf(String intent) {
        return jdbc.sql("SELECT d.status FROM psp_webhook_deliveries d JOIN psp_events e ON e.id = d.event_id"
                        + " WHERE e.intent_id = ? AND e.type = 'payment_intent.created'")
                .param(intent)
                .query(String.class)
                .single();
    }

    private List<String> attemptsOf(String intent) {
        return jdbc.sql(
                        """
                SELECT a.response_status FROM psp_webhook_attempts a
                JOIN psp_webhook_deliveries d ON d.id = a.delivery_id
                JOIN psp_events e ON e.id = d.event_id
                WHERE e.intent_id = ? AND e.type = 'payment_intent.created' ORDER BY a.attempt""")
                .param(intent)
                .query((rs, row) -> rs.getObject(1) == null ? "timeout" : String.valueOf(rs.getInt(1)))
                .list();
    }

    record Received(Map<String, List<String>> headers, String body, JsonNode event) {
        String type() {
            return event.get("type").asText();
        }
    }

    /** A webhook endpoint: answers 200 unless told otherwise for an intent; keeps what arrived. */
    static final class Receiver {
        private static final ObjectMapper JSON = new ObjectMapper();
        final Queue<Received> received = new ConcurrentLinkedQueue<>();
        /** By the intent's order_id (known before the intent exists): the statuses to answer, in turn. */
        final Map<String, Queue<Integer>> answers = new ConcurrentHashMap<>();

        final AtomicInteger count = new AtomicInteger();
        /** By order_id: a slow answer waits until the next delivery for that order (the sender's retry). */
        final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

        final HttpServer server;

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/hooks", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                JsonNode event = JSON.readTree(body);
                String order = event.get("data")
                        .get("object")
                        .get("metadata")
                        .get("order_id")
                        .asText();
                Integer answer = answers.getOrDefault(order, new ConcurrentLinkedQueue<>())
                        .poll();
                int status = answer == null ? 200 : answer;
                if (status == -1) {
                    // Hold the answer until the sender has given up on it (its timeout is 0.5 s):
                    // released by the next attempt, so no fixed sleep decides the outcome.
                    await(held.computeIfAbsent(order, o -> new CountDownLatch(1)));
                    status = 200;
                } else {
                    held.getOrDefault(order, new CountDownLatch(1)).countDown();
                }
                if (status == 200) {
                    Map<String, List<String>> headers = new HashMap<>();
                    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
                    received.add(new Received(headers, body, event));
                }
                count.incrementAndGet();
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // a slow answer blocks no other
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        }

        List<Received> of(String intent) {
            return received.stream()
                    .filter(r -> r.event()
                            .get("data")
                            .get("object")
                            .get("id")
                            .asText()
                            .equals(intent))
                    .toList();
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
