package dev.orderflow.orders.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Placing an order reserves stock and quotes shipping over gRPC; failures leave nothing behind. */
class FulfilmentTest extends ApiTestSupport {

    @Test
    void reservesStockAndQuotesShippingThenRecordsBothOnTheOrder() {
        var response = api.post("/api/orders", order("alice", "ACC-001", 2))
                .token(partner())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();

        String id = response.json().get("id").asText();
        assertThat(response.json().at("/shipping/reservation_id").asText()).isEqualTo(id);
        assertThat(response.json().at("/shipping/eta_days").asInt()).isEqualTo(2);
        assertThat(dependencies.held.get(id).getLines(0).getQuantity()).isEqualTo(2);
        assertThat(dependencies.attempts("QuoteShipping")).isEqualTo(1);
    }

    @Test
    void refusesAnOrderOutOfStockNamingTheSkusAndHoldsNothing() {
        dependencies.outOfStock.add("OUT-010");
        long before = rows();
        var body = Map.of(
                "customer_id", "alice",
                "items", List.of(Map.of("sku", "ACC-001", "quantity", 1), Map.of("sku", "OUT-010", "quantity", 1)),
                "shipping_address", address());

        var response = api.post("/api/orders", body)
                .token(partner())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asText()).endsWith("/out-of-stock");
        assertThat(response.json().get("skus")).extracting(n -> n.asText()).containsExactly("OUT-010");
        assertThat(rows()).isEqualTo(before);
        assertThat(dependencies.held).isEmpty();
    }

    @Test
    void aReplayedRequestDoesNotReserveTwice() {
        String key = UUID.randomUUID().toString();
        api.post("/api/orders", order("alice", "ACC-001", 1))
                .token(partner())
                .header("Idempotency-Key", key)
                .send();
        var replay = api.post("/api/orders", order("alice", "ACC-001", 1))
                .token(partner())
                .header("Idempotency-Key", key)
                .send();

        assertThat(replay.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(dependencies.attempts("ReserveStock")).isEqualTo(1);
        assertThat(dependencies.held).hasSize(1);
    }

    @Test
    void cancellingAnOrderReleasesItsReservation() {
        String id = place(partner(), order("alice", "ACC-001", 1));
        assertThat(dependencies.held).containsKey(id);

        // at once: the order is changing by itself too (its payment intent), which a cancel must survive
        var cancelled =
                api.post("/api/orders/" + id + "/cancel", null).token(partner()).send();

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(dependencies.held).doesNotContainKey(id);
        assertThat(dependencies.released).contains(id);
    }

    @Test
    void nearlyEveryOrderSucceedsWhenThirtyPercentOfInventoryCallsFail() {
        dependencies.failInventoryCalls(0.30, 7);
        int orders = 300;
        int placed = 0;
        for (int i = 0; i < orders; i++) {
            var response = api.post("/api/orders", order("load", "ACC-001", 1))
                    .token(partner())
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .send();
            if (response.status() == 201) {
                placed++;
            }
        }

        assertThat(placed).isGreaterThanOrEqualTo(orders * 99 / 100);
        assertThat(dependencies.attempts("ReserveStock")).isGreaterThan(orders); // the failures were retried
    }
}
