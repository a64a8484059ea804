package dev.orderflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.analytics.readmodel.Changes;
import dev.orderflow.testing.OrderEvents;
import dev.orderflow.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Subscriptions over graphql-transport-ws, with the JDK's own WebSocket client. */
class SubscriptionTest extends AnalyticsTestSupport {

    @Autowired
    Changes changes;

    private static OrderEvents events;

    @BeforeAll
    static void producer() {
        events = new OrderEvents(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void aDashboardSeesOrderUpdatesAndTodaysSalesLive() throws Exception {
        String customer = "sub-" + System.nanoTime();
        int orderListeners = changes.orderSubscribers();
        int salesListeners = changes.salesSubscribers();
        try (var socket = new GraphQlSocket(port)) {
            socket.initialize(dashboard("analytics:read"));
            socket.subscribe(
                    "1",
                    "subscription($c: ID) { orderUpdates(filter: { customer: $c }) {"
                            + " orderId eventType version status order { id total { amountMinor } } } }",
                    Map.of("c", customer));
            socket.send(Map.of(
                    "id", "2",
                    "type", "subscribe",
                    "payload", Map.of("query", "subscription { salesTicker { day currency orders revenue } }")));
            // both subscriptions listen before the events are sent (a subscription has no replay)
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            changes.orderSubscribers() > orderListeners && changes.salesSubscribers() > salesListeners);

            var life = new OrderEvents.Life(
                    customer, "SUB-001", 1, 1234, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            events.send(life.placed());
            events.send(life.paymentUpdated());
            events.send(life.paid());

            int updates = 0;
            boolean ticked = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((updates < 3 || !ticked) && System.nanoTime() < deadline) {
                JsonNode message = socket.next();
                assertThat(message.path("type").asString()).isEqualTo("next");
                if (message.path("id").asString().equals("1")) {
                    JsonNode update = message.at("/payload/data/orderUpdates");
                    assertThat(update.path("orderId").asString()).isEqualTo(life.orderId.toString());
                    assertThat(update.path("version").asInt()).isEqualTo(++updates);
                    assertThat(update.at("/order/total/amountMinor").asLong()).isEqualTo(life.total());
                } else {
                    ticked |= message.at("/payload/data/salesTicker/orders").asInt() >= 1;
                }
            }
            assertThat(updates).isEqualTo(3);
            assertThat(ticked).isTrue();
        }
    }

    @Test
    void aConnectionWithoutAValidTokenIsClosed() throws Exception {
        for (Map<String, Object> payload : java.util.List.<Map<String, Object>>of(
                Map.of(),
                Map.of("Authorization", "Bearer not-a-token"),
                Map.of("Authorization", "Bearer " + dashboard("orders:read")))) {
            try (var socket = new GraphQlSocket(port)) {
                socket.send(Map.of("type", "connection_init", "payload", payload));
                // 4401; now and then the close frame is lost and clients see 1006 (Python's too).
                assertThat(socket.closed.get(10, TimeUnit.SECONDS))
                        .as(payload.toString())
                        .isIn(4401, 1006);
                assertThat(socket.messages).as("no connection_ack").isEmpty();
            }
        }
    }
}
