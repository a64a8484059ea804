package dev.orderflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.testing.AsyncApiContract;
import dev.orderflow.testing.SocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The WebSocket endpoint, against the contract's promises (notifications.yaml). */
class WebSocketTest extends NotificationsTestSupport {

    private static final AsyncApiContract contract = AsyncApiContract.notifications();

    @Test
    void pushesEveryChangeOfTheCustomersOwnOrdersAndNothingOfOthers() throws Exception {
        String alice = unique("alice");
        String bob = unique("bob");
        UUID alicesOrder = UUID.randomUUID();
        UUID bobsOrder = UUID.randomUUID();
        try (var aliceSocket = SocketClient.connect(port, customer(alice));
                var bobSocket = SocketClient.connect(port, customer(bob))) {
            subscribed(aliceSocket, "orders");
            subscribed(bobSocket, "orders");
            // Bob also asks for Alice's order by id: accepted, and it delivers nothing.
            subscribed(bobSocket, "orders/" + alicesOrder);

            events.cancelled(alicesOrder, alice);
            events.cancelled(bobsOrder, bob);

            JsonNode push = aliceSocket.next("event", SOON);
            contract.assertPayload("Event", push.toString());
            assertThat(push.get("order_id").asText()).isEqualTo(alicesOrder.toString());
            assertThat(push.get("old_status").asText()).isEqualTo("AWAITING_PAYMENT");
            assertThat(push.get("new_status").asText()).isEqualTo("CANCELLED");
            assertThat(push.get("event_type").asText()).isEqualTo("dev.orderflow.order.cancelled");
            assertThat(push.get("topic").asText()).isEqualTo("orders");
            assertThat(bobSocket.next("event", SOON).get("order_id").asText()).isEqualTo(bobsOrder.toString());
            aliceSocket.assertNothingFor(Duration.ofMillis(500));
            bobSocket.assertNothingFor(Duration.ofMillis(500));
        }
    }

    @Test
    void aPartnerSeesEveryOrderAndOneOrderTopicSeesOnlyThatOrder() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        try (var partner = SocketClient.connect(port, partner())) {
            subscribed(partner, "orders/" + second);

            events.cancelled(first, unique("carol"));
            events.cancelled(second, unique("dan"));

            JsonNode push = partner.next("event", SOON);
            assertThat(push.get("order_id").asText()).isEqualTo(second.toString());
            assertThat(push.get("topic").asText()).isEqualTo("orders/" + second);
        }
    }

    @Test
    void theTokenMayComeAsASubprotocolForBrowsers() throws Exception {
        try (var socket = SocketClient.connectWithProtocolToken(port, customer(unique("erin")))) {
            assertThat(socket.protocol()).isEqualTo("orderflow.v1");
            subscribed(socket, "orders");
        }
    }

    @Test
    void refusesTheUpgradeWithoutAValidTokenOrFromAForeignOrigin() throws Exception {
        String valid = "Bearer " + customer(unique("frank"));
        assertThat(status(Map.of())).isEqualTo(401);
        assertThat(status(Map.of("Authorization", "Bearer not-a-jwt"))).isEqualTo(401);
        assertThat(status(Map.of(
                        "Authorization",
                        "Bearer "
                                + tokens.sign(tokens.claims(
                                        "frank",
                                        "storefront",
                                        "frank",
                                        "orderflow-notifications",
                                        Duration.ofSeconds(-60),
                                        "orders:read")))))
                .as("expired")
                .isEqualTo(401);
        assertThat(status(Map.of(
                        "Authorization",
                        "Bearer "
                                + tokens.sign(tokens.claims(
                                        "frank",
                                        "storefront",
                                        "frank",
                                        "orderflow-inventory",
                                        Duration.ofMinutes(5),
                                        "orders:read")))))
                .as("another audience")
                .isEqualTo(401);
        assertThat(status(Map.of("Authorization", "Bearer " + tokens.customer("frank", "orders:write"))))
                .as("no orders:read")
                .isEqualTo(403);
        assertThat(status(Map.of("Authorization", valid, "Origin", "http://evil.test")))
                .isEqualTo(403);
        assertThat(status(Map.of("Authorization", valid, "Origin", "http://shop.test")))
                .isEqualTo(101);
        assertThat(status(Map.of("Authorization", valid)))
                .as("no Origin: not a browser")
                .isEqualTo(101);
    }

    @Test
    void answersBadMessagesWithAnErrorAndKeepsTheConnection() throws Exception {
        String gina = unique("gina");
        try (var socket = SocketClient.connect(port, customer(gina))) {
            assertError(socket.send("{oops"), "malformed");
            assertError(socket.send("[1,2]"), "malformed");
            assertError(socket.send("{\"type\":\"dance\"}"), "unknown_type");
            assertError(socket.send("{\"type\":\"subscribe\",\"topic\":\"payments\"}"), "invalid_topic");
            assertError(socket.send("{\"type\":\"subscribe\",\"topic\":\"orders/42\"}"), "invalid_topic");
            assertError(
                    socket.send("{\"type\":\"subscribe\",\"topic\":\"orders\",\"last_event_id\":\"yesterday\"}"),
                    "invalid_last_event_id");
            assertError(socket.send("{\"type\":\"authenticate\",\"token\":\"forged\"}"), "invalid_token");
            // None of them subscribed to anything: a change of this customer's order reaches no one.
            events.cancelled(UUID.randomUUID(), gina);
            socket.assertNothingFor(Duration.ofMillis(500));

            subscribed(socket, "orders"); // still open, still working
        }
    }

    @Test
    void closesWith1009OnAMessageOver64KiBAnd1003OnBinary() throws Exception {
        try (var socket = SocketClient.connect(port, customer(unique("hank")))) {
            socket.send("{\"type\":\"subscribe\",\"topic\":\"" + "x".repeat(70 * 1024) + "\"}");
            assertThat(socket.awaitClose(SOON)).isEqualTo(1009);
        }
        try (var socket = SocketClient.connect(port, customer(unique("hank")))) {
            socket.send("{\"type\":\"subscribe\",\"topic\":\"orders\",\"pad\":\"" + "y".repeat(60 * 1024) + "\"}");
            subscribed(socket, "orders"); // just under the limit, in several parts: fine
            socket.sendBinary(new byte[] {1, 2, 3});
            assertThat(socket.awaitClose(SOON)).isEqualTo(1003);
        }
    }

    @Test
    void closesWith1008WhenTheTokenExpiresUnlessRenewed() throws Exception {
        String ida = unique("ida");
        try (var socket = SocketClient.connect(port, tokens.customer(ida, Duration.ofSeconds(2), "orders:read"))) {
            subscribed(socket, "orders");
            assertThat(socket.awaitClose(SOON)).isEqualTo(1008);
        }
        try (var socket = SocketClient.connect(port, tokens.customer(ida, Duration.ofSeconds(2), "orders:read"))) {
            socket.send("{\"type\":\"authenticate\",\"token\":\"" + tokens.customer(unique("someone"), "orders:read")
                    + "\"}");
            assertThat(socket.next("error", SOON).get("code").asText()).isEqualTo("invalid_token");
            socket.send("{\"type\":\"authenticate\",\"token\":\"" + customer(ida) + "\"}");
            contract.assertPayload(
                    "Authenticated", socket.next("authenticated", SOON).toString());
            socket.assertOpenFor(Duration.ofSeconds(3)); // past the first token's expiry
            subscribed(socket, "orders"); // alive past the first token's expiry
        }
    }

    @Test
    void resumesAfterAGapWithEveryMissedEventOnceInOrder() throws Exception {
        String jane = unique("jane");
        UUID order = UUID.randomUUID();
        String lastSeen = positionAfterOneEvent(jane, order);
        for (int sequence = 3; sequence <= 6; sequence++) {
            events.changed(order, jane, sequence); // while Jane is away
        }
        try (var socket = SocketClient.connect(port, customer(jane))) {
            socket.send("{\"type\":\"subscribe\",\"topic\":\"orders\",\"last_event_id\":\"" + lastSeen + "\"}");
            assertThat(socket.next("subscribed", SOON).get("id").asText()).isEqualTo(lastSeen);
            events.changed(order, jane, 7); // live, after the resume
            List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sequences.add(socket.next("event", SOON).get("sequence").asLong());
            }
            assertThat(sequences).containsExactly(3L, 4L, 5L, 6L, 7L);
            socket.assertNothingFor(Duration.ofMillis(500));
        }
    }

    @Test
    void saysResyncWhenTheMissedEventsAreOlderThanTheBuffer() throws Exception {
        String kim = unique("kim");
        UUID order = UUID.randomUUID();
        String lastSeen = positionAfterOneEvent(kim, order);
        UUID someoneElses = UUID.randomUUID();
        long read = eventsRead();
        events.burst(someoneElses, "others", 2, 1100); // more than the buffer (1,000 here) holds
        Awaitility.await().atMost(SOON).until(() -> eventsRead() >= read + 1100);
        try (var socket = SocketClient.connect(port, customer(kim))) {
            socket.send("{\"type\":\"subscribe\",\"topic\":\"orders\",\"last_event_id\":\"" + lastSeen + "\"}");
            JsonNode resync = socket.next("resync", SOON);
            contract.assertPayload("Resync", resync.toString());
            events.changed(order, kim, 3); // and it goes on live from there
            assertThat(socket.next("event", SOON).get("sequence").asLong()).isEqualTo(3);
        }
    }

    @Test
    void closesADeadPeerWithinTwoPings() throws Exception {
        try (var peer = RawSocket.open(port, Map.of("Authorization", "Bearer " + customer(unique("leo"))))) {
            assertThat(peer.status()).isEqualTo(101);
            long started = System.nanoTime();
            // Reads, never answers a ping: to the server it is a peer that vanished.
            int code = peer.readUntilClose(Duration.ofSeconds(10));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(code).isIn(1001, -1);
            assertThat(tookMillis).as("ping interval is 500 ms").isLessThan(2500);
        }
    }

    @Test
    void closesASlowConsumerWith1013WithoutSlowingOthers() throws Exception {
        String mia = unique("mia");
        String ned = unique("ned");
        UUID order = UUID.randomUUID();
        try (var slow = RawSocket.openWithSmallBuffer(port, Map.of("Authorization", "Bearer " + customer(mia)));
                var fast = SocketClient.connect(port, customer(ned))) {
            slow.sendText("{\"type\":\"subscribe\",\"topic\":\"orders\"}");
            subscribed(fast, "orders");
            // The slow client stops reading while a burst arrives.
            events.burst(order, mia, 2, 600);
            UUID nedsOrder = UUID.randomUUID();
            events.cancelled(nedsOrder, ned);
            assertThat(fast.next("event", SOON).get("order_id").asText()).isEqualTo(nedsOrder.toString());

            assertThat(slow.readUntilClose(Duration.ofSeconds(20))).isEqualTo(1013);
        }
    }

    /** Connects, subscribes to all the customer's orders, sees one change of the order, leaves: its position. */
    private String positionAfterOneEvent(String customer, UUID order) throws InterruptedException {
        try (var socket = SocketClient.connect(port, customer(customer))) {
            subscribed(socket, "orders");
            events.changed(order, customer, 2);
            return socket.next("event", SOON).get("id").asText();
        }
    }

    /** How many records the service has read from the topic (the sum of its next offsets). */
    private long eventsRead() {
        return hub.position().asMap().values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private static void subscribed(SocketClient socket, String topic) throws InterruptedException {
        socket.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}");
        JsonNode ack = socket.next("subscribed", SOON);
        contract.assertPayload("Subscribed", ack.toString());
        assertThat(ack.get("topic").asText()).isEqualTo(topic);
    }

    private static void assertError(SocketClient socket, String code) throws InterruptedException {
        JsonNode error = socket.next(SOON);
        contract.assertPayload("Error", error.toString());
        assertThat(error.get("code").asText()).isEqualTo(code);
    }

    private int status(Map<String, String> headers) throws Exception {
        try (var socket = RawSocket.open(port, headers)) {
            return socket.status();
        }
    }
}
