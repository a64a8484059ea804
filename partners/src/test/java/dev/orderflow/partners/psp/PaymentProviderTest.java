package dev.orderflow.partners.psp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.testing.ApiClient;
import dev.orderflow.testing.OpenApiContract;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The simulated payment provider on a random port, every response checked against psp.yaml: keys,
 * intents and their test payment methods, idempotent creation, and the event list a consumer
 * reconciles from. Every refused request is shown to change nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:partners-psp;DB_CLOSE_DELAY=-1",
            "orderflow.partners.psp.accounts[0].id=acct_shop",
            "orderflow.partners.psp.accounts[0].secret-key=" + PaymentProviderTest.SECRET,
            "orderflow.partners.psp.accounts[0].publishable-key=" + PaymentProviderTest.PUBLISHABLE,
            "orderflow.partners.psp.accounts[1].id=acct_other",
            "orderflow.partners.psp.accounts[1].secret-key=" + PaymentProviderTest.OTHER_SECRET,
            "orderflow.partners.psp.accounts[1].publishable-key=pk_test_other",
            "orderflow.partners.psp.processing-delay=PT0.5S",
            "orderflow.partners.psp.processing-check-interval=PT0.2S",
            "orderflow.partners.psp.admin-key=" + PaymentProviderTest.ADMIN
        })
class PaymentProviderTest {

    static final String SECRET = "sk_test_shop_0123456789";
    static final String PUBLISHABLE = "pk_test_shop_0123456789";
    static final String OTHER_SECRET = "sk_test_other_0123456789";
    static final String ADMIN = "psp_admin_0123456789";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(URI.create("http://127.0.0.1:" + port), OpenApiContract.psp());
    }

    @Test
    void createsAnIntentThatTheBrowserConfirmsWithThePublishableKey() {
        JsonNode intent = create(3990, UUID.randomUUID().toString());
        assertThat(intent.get("status").asText()).isEqualTo("requires_payment_method");
        assertThat(intent.get("metadata").get("order_id").asText()).isNotBlank();

        var confirmed = confirm(
                intent, PUBLISHABLE, "pm_card_visa", intent.get("client_secret").asText());

        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("succeeded");
        assertThat(typesOf(intent.get("id").asText()))
                .containsExactly("payment_intent.created", "payment_intent.succeeded");
        var read = api.get("/v1/payment_intents/" + intent.get("id").asText())
                .token(SECRET)
                .send();
        assertThat(read.json().get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void aDeclinedCardLeavesTheIntentOpenForAnotherAttempt() {
        JsonNode intent = create(1500, null);

        var declined = confirm(intent, SECRET, "pm_card_chargeDeclined", null);
        var retried = confirm(intent, SECRET, "pm_card_visa", null);

        assertThat(declined.json().get("status").asText()).isEqualTo("requires_payment_method");
        assertThat(declined.json().get("last_payment_error").get("code").asText())
                .isEqualTo("card_declined");
        assertThat(retried.json().get("status").asText()).isEqualTo("succeeded");
        assertThat(retried.json().get("last_payment_error").isNull()).isTrue();
        assertThat(typesOf(intent.get("id").asText()))
                .containsExactly("payment_intent.created", "payment_intent.payment_failed", "payment_intent.succeeded");
    }

    @Test
    void aDelayedCardIsProcessingThenSucceedsOnItsOwn() {
        JsonNode intent = create(2000, null);

        var processing = confirm(intent, SECRET, "pm_card_delayed", null);

        assertThat(processing.json().get("status").asText()).isEqualTo("processing");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/v1/payment_intents/" + intent.get("id").asText())
                        .token(SECRET)
                        .send()
                        .json()
                        .get("status")
                        .asText()
                        .equals("succeeded"));
        assertThat(typesOf(intent.get("id").asText()))
                .containsExactly("payment_intent.created", "payment_intent.processing", "payment_intent.succeeded");
    }

    @Test
    void createsOneIntentPerIdempotencyKey() {
        String key = UUID.randomUUID().toString();
        var body = Map.of("amount", 700, "currency", "eur", "metadata", Map.of("order_id", "o-1", "shop", "x"));
        var reordered = Map.of("currency", "eur", "metadata", Map.of("shop", "x", "order_id", "o-1"), "amount", 700);

        var first = api.post("/v1/payment_intents", body)
                .token(SECRET)
                .header("Idempotency-Key", key)
                .send();
        var again = api.post("/v1/payment_intents", reordered)
                .token(SECRET)
                .header("Idempotency-Key", key)
                .send();
        long events = events();
        var different = api.post("/v1/payment_intents", Map.of("amount", 701, "currency", "eur"))
                .token(SECRET)
                .header("Idempotency-Key", key)
                .send();

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(different.status()).isEqualTo(422);
        assertThat(events()).isEqualTo(events);
        assertThat(typesOf(first.json().get("id").asText())).containsExactly("payment_intent.created");
    }

    @Test
    void refusesMissingUnknownAndPublishableKeysWhereTheSecretOneIsNeeded() {
        JsonNode intent = create(900, null);
        long before = events();

        var none = api.post("/v1/payment_intents", Map.of("amount", 1, "currency", "eur"))
                .send();
        var unknown = api.get("/v1/events").token("sk_test_nobody").send();
        var publishableCreate = api.post("/v1/payment_intents", Map.of("amount", 1, "currency", "eur"))
                .token(PUBLISHABLE)
                .send();
        var publishableWithoutSecret = confirm(intent, PUBLISHABLE, "pm_card_visa", null);
        var wrongSecret =
                confirm(intent, PUBLISHABLE, "pm_card_visa", intent.get("id").asText() + "_secret_nope");
        var otherAccount = api.get("/v1/payment_intents/" + intent.get("id").asText())
                .token(OTHER_SECRET)
                .send();

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(publishableCreate.status()).isEqualTo(403);
        assertThat(publishableWithoutSecret.status()).isEqualTo(403);
        assertThat(wrongSecret.status()).isEqualTo(403);
        assertThat(wrongSecret.json().get("type").asText()).endsWith("/client-secret-mismatch");
        assertThat(otherAccount.status()).isEqualTo(404);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void refusesIllegalMovesAndBadInputWithProblemsThatChangeNothing() {
        JsonNode intent = create(1200, null);
        confirm(intent, SECRET, "pm_card_visa", null);
        long before = events();

        var cancelSucceeded = api.post("/v1/payment_intents/" + intent.get("id").asText() + "/cancel", null)
                .token(SECRET)
                .send();
        var confirmAgain = confirm(intent, SECRET, "pm_card_visa", null);
        var zero = api.post("/v1/payment_intents", Map.of("amount", 0, "currency", "EUR"))
                .token(SECRET)
                .send();
        var unknownMethod = confirm(intent, SECRET, "pm_card_unknown", null);
        var missing =
                api.get("/v1/payment_intents/pi_doesnotexist").token(SECRET).send();

        assertThat(cancelSucceeded.status()).isEqualTo(409);
        assertThat(cancelSucceeded.json().get("type").asText()).endsWith("/intent-unexpected-state");
        assertThat(confirmAgain.status()).isEqualTo(409);
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().get("errors"))
                .extracting(error -> error.get("field").asText())
                .containsExactlyInAnyOrder("amount", "currency");
        assertThat(unknownMethod.status()).isEqualTo(400);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void cancelsAnOpenIntentOnceAndAnswersTheSameAgain() {
        JsonNode intent = create(800, null);
        String path = "/v1/payment_intents/" + intent.get("id").asText() + "/cancel";

        var first = api.post(path, null).token(SECRET).send();
        var second = api.post(path, null).token(SECRET).send();

        assertThat(first.json().get("status").asText()).isEqualTo("canceled");
        assertThat(second.status()).isEqualTo(200);
        assertThat(typesOf(intent.get("id").asText()))
                .containsExactly("payment_intent.created", "payment_intent.canceled");
    }

    @Test
    void listsEveryEventOnceOldestFirstPageByPage() {
        for (int i = 0; i < 5; i++) {
            create(100 + i, null);
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            var page = api.get("/v1/events?limit=2" + (after == null ? "" : "&starting_after=" + after))
                    .token(SECRET)
                    .send()
                    .json();
            page.get("data").forEach(event -> seen.add(event.get("id").asText()));
            assertThat(page.get("data").size()).isLessThanOrEqualTo(2);
            after = seen.getLast();
            more = page.get("has_more").asBoolean();
        }

        assertThat(seen).doesNotHaveDuplicates().hasSize((int) events());
        var unknown =
                api.get("/v1/events?starting_after=evt_unknown").token(SECRET).send();
        assertThat(unknown.status()).isEqualTo(400);
        var foreign = api.get("/v1/events?starting_after=" + seen.getFirst())
                .token(OTHER_SECRET)
                .send();
        assertThat(foreign.status())
                .as("another account's event is not a cursor")
                .isEqualTo(400);
    }

    @Test
    void injectedFaultsAreProblemsAfterWhichNothingWasDone() {
        long before = events();
        try {
            setFaults(0, 1, 0, 1);
            var unavailable = api.post("/v1/payment_intents", Map.of("amount", 1, "currency", "eur"))
                    .token(SECRET)
                    .send();
            setFaults(0, 0, 1, 7);
            var limited = api.get("/v1/events").token(SECRET).send();

            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.json().get("type").asText()).endsWith("/service-unavailable");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isEqualTo("7");
            assertThat(events()).isEqualTo(before);
        } finally {
            setFaults(0, 0, 0, 1);
        }
        assertThat(api.get("/v1/events").token(SECRET).send().status()).isEqualTo(200);
    }

    @Test
    void theFaultKnobsNeedTheAdminKeyAndSaneValues() {
        var noKey = api.method("PUT", "/admin/faults", faults(0, 1, 0, 1)).send();
        var apiKey = api.method("PUT", "/admin/faults", faults(0, 1, 0, 1))
                .token(SECRET)
                .send();
        var insane = api.method("PUT", "/admin/faults", faults(0, 2, 0, 1))
                .token(ADMIN)
                .send();
        var partial = api.method("PUT", "/admin/faults", Map.of("error_rate", 1))
                .token(ADMIN)
                .send();

        assertThat(noKey.status()).isEqualTo(401);
        assertThat(apiKey.status()).isEqualTo(401);
        assertThat(insane.status()).isEqualTo(400);
        assertThat(insane.json().get("errors").get(0).get("field").asText()).isEqualTo("error_rate");
        assertThat(partial.status()).as("PUT replaces every setting").isEqualTo(400);
        assertThat(partial.json().get("errors").get(0).get("message").asText()).isEqualTo("is required");
        assertThat(api.get("/admin/faults")
                        .token(ADMIN)
                        .send()
                        .json()
                        .get("error_rate")
                        .asDouble())
                .isZero();
    }

    private static Map<String, Object> faults(
            long latencyMillis, double errorRate, double rateLimitRate, int retryAfter) {
        return Map.of(
                "latency_millis", latencyMillis,
                "error_rate", errorRate,
                "rate_limit_rate", rateLimitRate,
                "retry_after_seconds", retryAfter,
                "webhook_drop_rate", 0,
                "webhook_duplicate_rate", 0,
                "webhook_delay_rate", 0);
    }

    private void setFaults(long latencyMillis, double errorRate, double rateLimitRate, int retryAfter) {
        var response = api.method("PUT", "/admin/faults", faults(latencyMillis, errorRate, rateLimitRate, retryAfter))
                .token(ADMIN)
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private JsonNode create(long amount, String key) {
        var request = api.post(
                        "/v1/payment_intents",
                        Map.of(
                                "amount",
                                amount,
                                "currency",
                                "eur",
                                "metadata",
                                Map.of("order_id", UUID.randomUUID().toString())))
                .token(SECRET);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        var response = request.send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private ApiClient.Response confirm(JsonNode intent, String key, String method, String clientSecret) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("payment_method", method);
        if (clientSecret != null) {
            body.put("client_secret", clientSecret);
        }
        return api.post("/v1/payment_intents/" + intent.get("id").asText() + "/confirm", body)
                .token(key)
                .send();
    }

    private List<String> typesOf(String intentId) {
        return jdbc.sql("SELECT type FROM psp_events WHERE intent_id = ? ORDER BY seq")
                .param(intentId)
                .query(String.class)
                .list();
    }

    private long events() {
        return jdbc.sql("SELECT COUNT(*) FROM psp_events WHERE account_id = 'acct_shop'")
                .query(Long.class)
                .single();
    }
}
