package dev.orderflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.testing.AsyncApiContract;
import dev.orderflow.testing.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/events} and {@code GET /api/orders/{id}/events}. */
class ServerSentEventsTest extends NotificationsTestSupport {

    private static final AsyncApiContract contract = AsyncApiContract.notifications();
    private static final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aStreamDroppedAfterEvent500Of1000ResumesWithEvents501To1000ExactlyOnceInOrder() throws Exception {
        String olga = unique("olga");
        UUID order = UUID.randomUUID();
        String lastId;
        try (var stream = SseClient.open(port, "/api/orders/" + order + "/events", customer(olga), null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            // The order's changes 2 to 1,001 (events 1 to 1,000), one at a time as orders would write them.
            Thread.ofVirtual().start(() -> {
                for (int sequence = 2; sequence <= 1001; sequence++) {
                    events.changed(order, olga, sequence);
                }
            });
            SseClient.Event event = null;
            for (int i = 1; i <= 500; i++) {
                event = stream.next(SOON);
                assertThat(sequence(event)).isEqualTo(i + 1);
            }
            lastId = event.id();
            assertThat(stream.retry()).isEqualTo("3000");
        } // dropped after event 500 (the other 500 may or may not have reached the socket)

        try (var resumed = SseClient.open(port, "/api/orders/" + order + "/events", customer(olga), lastId)) {
            List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                SseClient.Event event = resumed.next(SOON);
                assertThat(event.name()).isEqualTo("order_event");
                assertThat(event.id()).isNotBlank();
                sequences.add(sequence(event));
            }
            assertThat(sequences).first().isEqualTo(502L); // event 501
            assertThat(sequences).isSorted().doesNotHaveDuplicates().last().isEqualTo(1001L); // event 1,000
            resumed.assertNothingFor(Duration.ofMillis(500));
        }
    }

    @Test
    void streamsAllOfACustomersOrdersButNoOneElses() throws Exception {
        String pia = unique("pia");
        String quinn = unique("quinn");
        UUID piasOrder = UUID.randomUUID();
        try (var pias = SseClient.open(port, "/api/events", customer(pia), null);
                var quinns = SseClient.open(port, "/api/events", customer(quinn), null);
                var quinnOnPiasOrder =
                        SseClient.open(port, "/api/orders/" + piasOrder + "/events", customer(quinn), null)) {
            events.cancelled(piasOrder, pia);

            SseClient.Event event = pias.next(SOON);
            contract.assertPayload("Event", event.data());
            assertThat(json.readTree(event.data()).get("order_id").asString()).isEqualTo(piasOrder.toString());
            quinns.assertNothingFor(Duration.ofMillis(500));
            quinnOnPiasOrder.assertNothingFor(Duration.ofMillis(1));
        }
    }

    @Test
    void aPushCarriesTheTraceIdOfTheChangeWhenItsRecordHadOne() throws Exception {
        String ruth = unique("ruth");
        UUID traced = UUID.randomUUID();
        UUID untraced = UUID.randomUUID();
        try (var stream = SseClient.open(port, "/api/events", customer(ruth), null)) {
            events.cancelledInTrace(traced, ruth, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            events.cancelled(untraced, ruth);

            SseClient.Event first = stream.next(SOON);
            SseClient.Event second = stream.next(SOON);

            contract.assertPayload("Event", first.data());
            contract.assertPayload("Event", second.data());
            assertThat(json.readTree(first.data()).get("trace_id").asString())
                    .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(json.readTree(second.data()).has("trace_id")).isFalse();
        }
    }

    @Test
    void aRefundEventCarriesTheRefundAndTheOrdersRefundedTotal() throws Exception {
        String rex = unique("rex");
        UUID order = UUID.randomUUID();
        UUID refund = UUID.randomUUID();
        try (var stream = SseClient.open(port, "/api/orders/" + order + "/events", customer(rex), null)) {
            events.refunded(order, rex, refund);

            SseClient.Event event = stream.next(SOON);

            contract.assertPayload("Event", event.data());
            var push = json.readTree(event.data());
            assertThat(push.get("event_type").asString()).isEqualTo("dev.orderflow.order.refunded");
            assertThat(push.get("new_status").asString()).isEqualTo("DELIVERED");
            assertThat(push.at("/refund/refund_id").asString()).isEqualTo(refund.toString());
            assertThat(push.at("/refund/status").asString()).isEqualTo("REFUNDED");
            assertThat(push.at("/refund/amount/amount_minor").asLong()).isEqualTo(1000);
            assertThat(push.at("/refund/refunded/amount_minor").asLong()).isEqualTo(1000);
        }
    }

    @Test
    void sendsHeartbeatComments() throws Exception {
        try (var stream = SseClient.open(port, "/api/events", customer(unique("rita")), null)) {
            Awaitility.await().atMost(SOON).until(() -> stream.comments().contains("keepalive"));
        }
    }

    @Test
    void refusesBadRequestsWithProblems() throws Exception {
        try (var noToken = SseClient.open(port, "/api/events", null, null)) {
            assertThat(noToken.status()).isEqualTo(401);
        }
        try (var badId = SseClient.open(port, "/api/orders/42/events", customer("sam"), null)) {
            assertThat(badId.status()).isEqualTo(400);
            assertThat(badId.contentType()).startsWith("application/problem+json");
            assertThat(badId.body()).contains("https://orderflow.dev/problems/invalid-order-id");
        }
        try (var badPosition = SseClient.open(port, "/api/events", customer("sam"), "last tuesday")) {
            assertThat(badPosition.status()).isEqualTo(400);
            assertThat(badPosition.body()).contains("https://orderflow.dev/problems/invalid-last-event-id");
        }
        try (var noScope = SseClient.open(port, "/api/events", tokens.customer("sam", "orders:write"), null)) {
            assertThat(noScope.status()).isEqualTo(403);
        }
    }

    private static long sequence(SseClient.Event event) {
        return json.readTree(event.data()).get("sequence").asLong();
    }
}
