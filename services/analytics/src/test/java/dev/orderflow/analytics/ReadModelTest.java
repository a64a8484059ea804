package dev.orderflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.OrderEvents;
import dev.orderflow.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read model from the event stream: every event applied once, whatever Kafka delivers twice,
 * late or out of order; unknown types skipped and counted; and a rebuild from the topic equal to
 * the live model.
 */
class ReadModelTest extends AnalyticsTestSupport {

    @Autowired
    JdbcClient jdbc;

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
    void anOrdersWholeLifeIsFoldedInOnceEvenWhenDeliveredTwice() {
        var life = new OrderEvents.Life(
                "ana-" + System.nanoTime(), "KIT-001", 2, 1500, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        var placed = life.placed();
        var intent = life.paymentUpdated();
        var paid = life.paid();
        var created = life.shipmentCreated();
        var shipped = life.shipped();
        var delivered = life.delivered();
        UUID refundId = UUID.randomUUID();
        var refunded = life.refunded(refundId, 1000, 1000);
        for (var event :
                new OrderEvents.Event[] {placed, intent, paid, paid, created, shipped, delivered, refunded, refunded}) {
            events.send(event);
        }

        var order = awaitOrder(life.orderId, 7);

        assertThat(order.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(order.path("total").path("amountMinor").asLong()).isEqualTo(life.total());
        assertThat(order.path("refunded").path("amountMinor").asLong()).isEqualTo(1000);
        assertThat(order.path("customer").path("orderCount").asInt()).isEqualTo(1);
        assertThat(order.path("items").path(0).path("product").path("name").asString())
                .isEqualTo("Product KIT-001");
        // placed, paid, fulfilling, shipped, delivered: payment_updated and refunded change no status
        assertThat(order.path("transitions"))
                .extracting(t -> t.path("to").asString())
                .containsExactly("AWAITING_PAYMENT", "PAID", "FULFILLING", "SHIPPED", "DELIVERED");
        assertThat(order.path("refunds").path(0).path("status").asString()).isEqualTo("REFUNDED");
        var day = life.at.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        var sales = graphql(
                "{ salesByDay(from: \"" + day + "\", to: \"" + day + "\") { currency orders units revenue refunds } }");
        assertThat(sales.errors()).isEmpty();
        assertThat(sales.data().path("salesByDay").path(0).path("orders").asInt())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void eventsOutOfOrderNeverOverwriteANewerStateAndTheSaleCountsOnce() {
        String sku = "OOO-" + System.nanoTime();
        var life = new OrderEvents.Life(
                "oscar-" + System.nanoTime(), sku, 3, 700, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        var placed = life.placed();
        var intent = life.paymentUpdated();
        var paid = life.paid();
        var created = life.shipmentCreated();
        for (var event : new OrderEvents.Event[] {created, paid, placed, intent, paid, placed}) {
            events.send(event);
        }

        var order = awaitOrder(life.orderId, 4);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !graphql("{ order(id: \"" + life.orderId + "\") { items { sku } } }")
                        .data()
                        .path("order")
                        .path("items")
                        .isEmpty());

        order = awaitOrder(life.orderId, 4);
        assertThat(order.path("status").asString())
                .as("the newest state, though older events came later")
                .isEqualTo("FULFILLING");
        assertThat(order.path("version").asInt()).isEqualTo(4);
        assertThat(order.path("items").path(0).path("quantity").asInt()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT SUM(units) FROM product_sales WHERE sku = ?")
                        .param(sku)
                        .query(Integer.class)
                        .single())
                .as("paid once, though its paid event came twice and before the order was known")
                .isEqualTo(3);
    }

    @Test
    void unknownTypesAndUnreadableRecordsAreSkippedCountedAndHoldNothingUp() {
        var life = new OrderEvents.Life(
                "uma-" + System.nanoTime(), "KIT-002", 1, 900, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        long giftWrapped = skipped("gift_wrapped");
        long unreadable = skipped("unreadable");
        events.send(life.placed());
        events.send(life.paymentUpdated(), "dev.orderflow.order.gift_wrapped");
        events.sendGarbage(life.orderId.toString());
        events.send(life.paid());

        var order = awaitOrder(life.orderId, 3);

        assertThat(order.path("status").asString()).isEqualTo("PAID");
        assertThat(skipped("gift_wrapped")).isEqualTo(giftWrapped + 1);
        assertThat(skipped("unreadable")).isEqualTo(unreadable + 1);
    }

    @Test
    void aRebuildFromTheTopicEqualsTheLiveModel() {
        var life = new OrderEvents.Life(
                "rita-" + System.nanoTime(), "KIT-003", 1, 2500, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        var placed = life.placed();
        events.send(placed);
        events.send(life.paymentUpdated());
        events.send(life.paid());
        events.send(placed); // a duplicate on the topic, skipped live and in the rebuild alike
        events.send(life.cancelled());
        awaitOrder(life.orderId, 4);
        String live = snapshot();

        var refused = rebuild(dashboard("analytics:read"));
        var rebuilt = rebuild(dashboard("analytics:admin"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(rebuilt.statusCode()).as(rebuilt.body()).isEqualTo(200);
        assertThat(json.readTree(rebuilt.body()).path("records").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(snapshot()).isEqualTo(live);
        // and the live feed goes on from where the rebuild ended
        var again = new OrderEvents.Life(
                "rita-" + System.nanoTime(), "KIT-003", 1, 2500, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        events.send(again.placed());
        assertThat(awaitOrder(again.orderId, 1).path("status").asString()).isEqualTo("AWAITING_PAYMENT");
    }

    /** Every row of every read-model table, in a stable order. */
    private String snapshot() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of(
                "applied_events ORDER BY event_id",
                "skipped_events ORDER BY type",
                "orders ORDER BY id",
                "order_items ORDER BY order_id, line_no",
                "products ORDER BY sku",
                "customers ORDER BY id",
                "transitions ORDER BY order_id, sequence",
                "refunds ORDER BY id",
                "daily_sales ORDER BY sales_day, currency",
                "product_sales ORDER BY sales_day, sku, currency")) {
            all.append(table)
                    .append(jdbc.sql("SELECT * FROM " + table).query().listOfRows())
                    .append('\n');
        }
        return all.toString();
    }

    private java.net.http.HttpResponse<String> rebuild(String token) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            "http://127.0.0.1:" + port + "/admin/read-model/rebuild"))
                                    .header("Authorization", "Bearer " + token)
                                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long skipped(String type) {
        return jdbc.sql("SELECT count FROM skipped_events WHERE type = ?")
                .param(type)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    private tools.jackson.databind.JsonNode awaitOrder(UUID id, int version) {
        String query =
                """
                query($id: ID!, $v: Int) { order(id: $id, minVersion: $v) {
                  id status version total { amountMinor currency } refunded { amountMinor }
                  customer { id orderCount } items { sku quantity product { sku name } }
                  transitions { sequence from to eventType } refunds { id status amount { amountMinor } } } }""";
        Answer[] answer = new Answer[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            answer[0] = graphql(dashboard("analytics:read"), query, Map.of("id", id.toString(), "v", version));
            return answer[0].errors().isEmpty()
                    && !answer[0].data().path("order").isNull();
        });
        return answer[0].data().path("order");
    }
}
