package dev.orderflow.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.OrderEvents;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.webhooks.TestReceiver;
import dev.orderflow.webhooks.TestReceiver.Answer;
import dev.orderflow.webhooks.WebhooksTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Delivery on a simulated clock: days of retries run in seconds. Each step moves the clock and
 * waits until everything due has been attempted.
 */
class DeliveryTest extends WebhooksTestSupport {

    private static final String ACME = "partner-acme";

    @Value("${orderflow.events.topic:orderflow.order-events}")
    String topic;

    private OrderEvents events;

    @Autowired
    Deliveries deliveries;

    @Autowired
    Dispatcher dispatcher;

    @Autowired
    Retention retention;

    @BeforeEach
    void openProducer() {
        events = new OrderEvents(TestKafka.bootstrapServers(), topic);
    }

    @AfterEach
    void closeProducer() {
        events.close();
    }

    @Test
    void aReceiverDownForSixHoursGetsEveryMessageAfterwardsInOrderPerOrder() {
        receiver.answer(p("/down"), Answer.status(503));
        String endpoint = register(
                        ACME,
                        receiver.url(p("/down")),
                        ",\"event_types\":[\"order.placed\",\"order.payment_updated\",\"order.paid\"]")
                .path("id")
                .asString();
        var first = new OrderEvents.Life("alice", "ACC-001", 1, 1990, Instant.now());
        var second = new OrderEvents.Life("bob", "KIT-003", 2, 4990, Instant.now());
        for (var life : List.of(first, second)) {
            events.send(life.placed());
            events.send(life.paymentUpdated());
            events.send(life.paid());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> pendingOrderMessages(endpoint) == 6);

        for (int step = 0; step < 36; step++) { // six hours, ten minutes at a time
            clock.advance(Duration.ofMinutes(10));
            settle();
        }
        List<TestReceiver.Received> whileDown = orderEvents(p("/down"));
        Instant back = Instant.now();
        receiver.answer(p("/down"), Answer.status(204));
        for (int step = 0; step < 48 && pendingOrderMessages(endpoint) > 0; step++) {
            clock.advance(Duration.ofMinutes(30));
            settle();
        }

        assertThat(pendingOrderMessages(endpoint)).isZero();
        // While down, only each order's first message was tried (the rest wait their turn), on the schedule.
        assertThat(whileDown).isNotEmpty().allMatch(request -> sequence(request) == 1);
        assertThat(whileDown.size()).isBetween(2 * 4, 2 * 6);
        Map<String, List<Integer>> afterwards = new LinkedHashMap<>();
        for (TestReceiver.Received request : orderEvents(p("/down"))) {
            if (!request.at().isBefore(back)) {
                contract.assertWebhookPayload(
                        json.readTree(request.body()).path("type").asString(), request.body());
                afterwards
                        .computeIfAbsent(orderId(request), id -> new ArrayList<>())
                        .add(sequence(request));
            }
        }
        assertThat(afterwards)
                .containsEntry(first.orderId.toString(), List.of(1, 2, 3))
                .containsEntry(second.orderId.toString(), List.of(1, 2, 3));

        String messageId = whileDown.getFirst().header("webhook-id");
        JsonNode attempts = call(
                        "GET",
                        "/api/webhook-endpoints/" + endpoint + "/messages/" + messageId + "/attempts",
                        token(ACME),
                        null)
                .json()
                .path("data");
        assertThat(attempts.size()).isGreaterThanOrEqualTo(5);
        assertThat(attempts.get(0).path("response_status").asInt()).isEqualTo(503);
        assertThat(attempts.get(0).path("next_attempt_at").isNull()).isFalse();
        assertThat(attempts.get(attempts.size() - 1).path("response_status").asInt())
                .isEqualTo(204);
        assertThat(receiver.at(p("/down")).stream()
                        .filter(r -> r.header("webhook-id").equals(messageId)))
                .hasSize(attempts.size());
    }

    @Test
    void a410DisablesTheEndpointAtOnceTellsTheOwnerAndRecoveryResendsWhatItMissed() {
        receiver.answer(p("/gone"), Answer.status(410));
        String ops = register(ACME, receiver.url(p("/ops")), ",\"event_types\":[\"endpoint.disabled\"]")
                .path("id")
                .asString();
        String gone = register(ACME, receiver.url(p("/gone")), "").path("id").asString();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !endpoint(gone).path("enabled").asBoolean());
        Instant disabledAt = Instant.now();
        var life = new OrderEvents.Life("carol", "ACC-001", 1, 1990, Instant.now());
        events.send(life.placed());
        await().atMost(Duration.ofSeconds(20)).until(() -> messagesOf(gone).size() == 2);
        clock.advance(Duration.ofDays(1));
        settle();

        assertThat(endpoint(gone).path("disabled_reason").asString()).isEqualTo("gone");
        assertThat(receiver.at(p("/gone"))).hasSize(1); // the ping, answered 410; nothing after
        assertThat(messagesOf(gone))
                .allMatch(message -> message.path("status").asString().equals("FAILED"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bodiesOf(p("/ops"), "endpoint.disabled").size() == 1);
        String notice = bodiesOf(p("/ops"), "endpoint.disabled").getFirst().body();
        contract.assertWebhookPayload("endpoint.disabled", notice);
        assertThat(json.readTree(notice).path("data").path("endpoint_id").asString())
                .isEqualTo(gone);
        JsonNode listed =
                call("GET", "/api/webhook-events", token(ACME), null).json().path("data");
        assertThat(listed.get(0).path("type").asString()).isEqualTo("endpoint.disabled");
        assertThat(ops).isNotEqualTo(gone);

        receiver.answer(p("/gone"), Answer.status(204));
        call("POST", "/api/webhook-endpoints/" + gone + "/enable", token(ACME), null);
        Response recovered = call(
                "POST",
                "/api/webhook-endpoints/" + gone + "/recover",
                token(ACME),
                "{\"since\":\"" + disabledAt.minusSeconds(60) + "\"}");

        assertThat(recovered.status()).isEqualTo(202);
        assertThat(recovered.json().path("resent").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/gone")).size() == 3);
        assertThat(messagesOf(gone))
                .allMatch(message -> message.path("status").asString().equals("DELIVERED"));

        String ping = receiver.at(p("/gone")).getFirst().header("webhook-id");
        Response resent =
                call("POST", "/api/webhook-endpoints/" + gone + "/messages/" + ping + "/resend", token(ACME), null);
        assertThat(resent.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/gone")).size() == 4);
        assertThat(receiver.at(p("/gone")).getLast().header("webhook-id")).isEqualTo(ping);
    }

    @Test
    void a429WithRetryAfterIsNotTriedAgainBeforeItsTime() {
        receiver.answer(
                p("/busy"),
                request -> receiver.at(p("/busy")).size() == 1
                        ? Answer.header(429, "Retry-After", "120")
                        : Answer.status(204));
        String busy = register(ACME, receiver.url(p("/busy")), QUIET).path("id").asString();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> attemptsOf(busy, firstMessage(busy)).size() == 1);

        JsonNode attempt = attemptsOf(busy, firstMessage(busy)).get(0);
        Duration waited = Duration.between(
                Instant.parse(attempt.path("attempted_at").asString()),
                Instant.parse(attempt.path("next_attempt_at").asString()));
        clock.advance(Duration.ofSeconds(100));
        settle();
        int afterHundredSeconds = receiver.at(p("/busy")).size();
        clock.advance(Duration.ofSeconds(25));
        settle();

        assertThat(attempt.path("response_status").asInt()).isEqualTo(429);
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(120));
        assertThat(afterHundredSeconds).isEqualTo(1);
        assertThat(receiver.at(p("/busy"))).hasSize(2);
    }

    @Test
    void endpointsThatHangTimeOutWithoutSlowingTheHealthyOnes() {
        for (int i = 0; i < 3; i++) {
            receiver.answer(p("/hang-") + i, Answer.hanging());
            register(ACME, receiver.url(p("/hang-") + i), "");
        }
        List<String> healthy = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            healthy.add(
                    register(ACME, receiver.url(p("/ok-") + i), "").path("id").asString());
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/ok-9")).size() == 1);
        for (int i = 0; i < 3; i++) {
            events.send(new OrderEvents.Life("dave", "ACC-001", 1, 1990, Instant.now()).placed());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> healthy.stream()
                .allMatch(id -> orderEventsOf(id).size() == 3
                        && orderEventsOf(id).stream()
                                .allMatch(m -> m.path("status").asString().equals("DELIVERED"))));

        long worst = 0;
        for (int i = 0; i < 10; i++) {
            for (TestReceiver.Received request : orderEvents(p("/ok-") + i)) {
                Instant stored = jdbc.sql("SELECT created_at FROM messages WHERE id = ?")
                        .param(request.header("webhook-id"))
                        .query(java.time.OffsetDateTime.class)
                        .single()
                        .toInstant();
                worst = Math.max(worst, Duration.between(stored, request.at()).toMillis());
            }
        }
        System.out.println("Healthy endpoints' worst delivery delay beside 3 hanging ones: " + worst + " ms");
        // An attempt to a hanging endpoint takes the whole timeout (1 s here); a healthy message
        // queued behind one would wait at least that long.
        assertThat(worst).isLessThan(1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.inFlight() == 0);
        String hanging = jdbc.sql("SELECT id FROM endpoints WHERE url LIKE '%/hang-0'")
                .query(String.class)
                .single();
        JsonNode attempts = attemptsOf(hanging, firstMessage(hanging));
        assertThat(attempts.get(0).path("error").asString()).startsWith("timeout");
        assertThat(attempts.get(0).path("latency_ms").asLong()).isBetween(900L, 3000L);
    }

    @Test
    void anEndpointThatNeverAnswersExhaustsTheScheduleThenIsDisabledAfterFiveDays() {
        receiver.answer(p("/dead"), Answer.status(500));
        register(
                ACME,
                receiver.url(p("/ops-dead")),
                ",\"event_types\":[\"endpoint.disabled\",\"message.attempt.exhausted\"]");
        String dead = register(ACME, receiver.url(p("/dead")), QUIET).path("id").asString();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/dead")).size() == 1);

        for (int hours = 0; hours < 4 * 24; hours += 2) {
            clock.advance(Duration.ofHours(2));
            settle();
        }
        int attemptsOfPing = attemptsOf(dead, firstMessage(dead)).size();
        boolean enabledAtDayFour = endpoint(dead).path("enabled").asBoolean();
        call("POST", "/api/webhook-endpoints/" + dead + "/ping", token(ACME), null);
        for (int hours = 0; hours < 2 * 24 && endpoint(dead).path("enabled").asBoolean(); hours += 2) {
            clock.advance(Duration.ofHours(2));
            settle();
        }

        assertThat(attemptsOfPing).isEqualTo(10); // the first and the schedule's nine retries
        assertThat(enabledAtDayFour).isTrue();
        assertThat(endpoint(dead).path("disabled_reason").asString()).isEqualTo("failing");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bodiesOf(p("/ops-dead"), "endpoint.disabled").size() == 1
                        && bodiesOf(p("/ops-dead"), "message.attempt.exhausted").size() == 1);
        String exhausted =
                bodiesOf(p("/ops-dead"), "message.attempt.exhausted").getFirst().body();
        contract.assertWebhookPayload("message.attempt.exhausted", exhausted);
        assertThat(json.readTree(exhausted).path("data").path("attempts").asInt())
                .isEqualTo(10);
        assertThat(json.readTree(exhausted).path("data").path("last_status").asInt())
                .isEqualTo(500);
    }

    @Test
    void aHostThatResolvesElsewhereSinceRegistrationIsNotConnectedTo() {
        String endpoint =
                register(ACME, receiver.url(p("/moved")), QUIET).path("id").asString();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/moved")).size() == 1);
        names.map("localhost", "10.9.9.9"); // DNS now points the name at a private address

        String ping = call("POST", "/api/webhook-endpoints/" + endpoint + "/ping", token(ACME), null)
                .json()
                .path("message_id")
                .asString();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> attemptsOf(endpoint, ping).size() == 1);

        assertThat(attemptsOf(endpoint, ping).get(0).path("error").asString())
                .startsWith("unsafe-url")
                .contains("10.9.9.9", "private");
        assertThat(receiver.at(p("/moved"))).hasSize(1);
    }

    @Test
    void anEventReadTwiceIsOneMessageAnOlderEventIsNotSentAndARecordThatIsNoEventIsSkipped() {
        String endpoint = register(ACME, receiver.url(p("/twice")), ",\"event_types\":[\"order.placed\"]")
                .path("id")
                .asString();
        var placed = new OrderEvents.Life("erin", "ACC-001", 1, 1990, Instant.now()).placed();
        events.sendGarbage(placed.orderId().toString());
        events.send(placed);
        events.send(placed); // a redelivery, as after a consumer crash before its commit
        var before =
                new OrderEvents.Life("erin", "ACC-001", 1, 1990, Instant.now().minusSeconds(3600)).placed();
        events.send(before); // happened before the endpoint existed: not sent to it
        var later = new OrderEvents.Life("erin", "ACC-001", 1, 1990, Instant.now()).placed();
        events.send(later);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> orderEvents(p("/twice")).size() == 2);

        assertThat(orderEventsOf(endpoint)).hasSize(2);
        assertThat(orderEvents(p("/twice")).stream().map(request -> json.readTree(request.body())
                        .path("data")
                        .path("order_id")
                        .asString()))
                .containsExactly(placed.orderId().toString(), later.orderId().toString());
        assertThat(orderEvents(p("/twice")).stream().map(request -> request.header("webhook-id")))
                .doesNotHaveDuplicates();
    }

    @Test
    void theLogKeepsSettledMessagesForThirtyDaysAndPendingOnesForever() {
        receiver.answer(p("/kept"), Answer.status(503));
        String endpoint =
                register(ACME, receiver.url(p("/kept")), QUIET).path("id").asString();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/kept")).size() == 1);
        receiver.answer(p("/kept"), Answer.status(204));
        String delivered = call("POST", "/api/webhook-endpoints/" + endpoint + "/ping", token(ACME), null)
                .json()
                .path("message_id")
                .asString();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/kept")).size() == 2);
        jdbc.sql("UPDATE deliveries SET next_attempt_at = ? WHERE endpoint_id = ? AND state = 'PENDING'")
                .params(java.time.OffsetDateTime.now().plusYears(1), endpoint)
                .update(); // the first ping: still pending, its next attempt far away

        clock.advance(Duration.ofDays(31));
        retention.purge();

        assertThat(call("GET", "/api/webhook-endpoints/" + endpoint + "/messages/" + delivered, token(ACME), null)
                        .status())
                .isEqualTo(404);
        assertThat(messagesOf(endpoint))
                .hasSize(1)
                .allMatch(m -> m.path("status").asString().equals("PENDING"));
    }

    @Test
    void refusesBadRequestsToTheLogAndReplaysNothing() {
        String endpoint =
                register(ACME, receiver.url(p("/log")), QUIET).path("id").asString();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/log")).size() == 1);
        settle();
        String ping = firstMessage(endpoint);
        List<JsonNode> before = messagesOf(endpoint);
        String base = "/api/webhook-endpoints/" + endpoint;

        Response badStatus = call("GET", base + "/messages?status=LOST", token(ACME), null);
        Response badLimit = call("GET", base + "/messages?limit=0", token(ACME), null);
        Response badCursor = call("GET", base + "/messages/" + ping + "/attempts?cursor=%21", token(ACME), null);
        Response unknown = call("GET", base + "/messages/msg_0000", token(ACME), null);
        Response noSince = call("POST", base + "/recover", token(ACME), "{}");
        Response badSince = call("POST", base + "/recover", token(ACME), "{\"since\":\"yesterday\"}");
        Response othersResend = call("POST", base + "/messages/" + ping + "/resend", token("partner-other"), null);
        call("POST", base + "/disable", token(ACME), null);
        Response resendDisabled = call("POST", base + "/messages/" + ping + "/resend", token(ACME), null);
        Response recoverDisabled = call("POST", base + "/recover", token(ACME), "{\"since\":\"2026-01-01T00:00:00Z\"}");
        call("POST", base + "/enable", token(ACME), null);
        settle();

        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.json().path("type").asString()).endsWith("/invalid-cursor");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(noSince.status()).isEqualTo(400);
        assertThat(badSince.status()).isEqualTo(400);
        assertThat(othersResend.status()).isEqualTo(404);
        assertThat(resendDisabled.status()).isEqualTo(409);
        assertThat(recoverDisabled.status()).isEqualTo(409);
        assertThat(messagesOf(endpoint)).isEqualTo(before);
        assertThat(receiver.at(p("/log"))).hasSize(1);
    }

    /** Waits until every attempt due at the clock's time has been made. */
    private void settle() {
        dispatcher.dispatchDue();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> dispatcher.inFlight() == 0
                        && deliveries.due(clock.instant(), 1, Set.of()).isEmpty());
    }

    private int pendingOrderMessages(String endpoint) {
        return jdbc.sql(
                        "SELECT COUNT(*) FROM deliveries WHERE endpoint_id = ? AND state = 'PENDING' AND order_id IS NOT NULL")
                .param(endpoint)
                .query(Integer.class)
                .single();
    }

    private JsonNode endpoint(String id) {
        return call("GET", "/api/webhook-endpoints/" + id, token(ACME), null).json();
    }

    private List<JsonNode> messagesOf(String endpoint) {
        List<JsonNode> found = new ArrayList<>();
        call("GET", "/api/webhook-endpoints/" + endpoint + "/messages?limit=100", token(ACME), null)
                .json()
                .path("data")
                .forEach(found::add);
        return found;
    }

    private List<JsonNode> orderEventsOf(String endpoint) {
        return messagesOf(endpoint).stream()
                .filter(message -> message.path("event_type").asString().startsWith("order."))
                .toList();
    }

    private String firstMessage(String endpoint) {
        return messagesOf(endpoint).getLast().path("id").asString();
    }

    private JsonNode attemptsOf(String endpoint, String message) {
        return call(
                        "GET",
                        "/api/webhook-endpoints/" + endpoint + "/messages/" + message + "/attempts?limit=100",
                        token(ACME),
                        null)
                .json()
                .path("data");
    }

    private static List<TestReceiver.Received> orderEvents(String path) {
        return receiver.at(path).stream()
                .filter(request ->
                        json.readTree(request.body()).path("type").asString().startsWith("order."))
                .toList();
    }

    private static int sequence(TestReceiver.Received request) {
        return json.readTree(request.body()).path("data").path("sequence").asInt();
    }

    private static String orderId(TestReceiver.Received request) {
        return json.readTree(request.body()).path("data").path("order_id").asString();
    }
}
