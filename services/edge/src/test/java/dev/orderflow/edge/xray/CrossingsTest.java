package dev.orderflow.edge.xray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The X-ray's reading of a real trace: one order placed on the embedded platform (curl to orders,
 * with a partner's token), exported by Zipkin's API as {@code /api/v2/traces?annotationQuery=...}
 * returned it, kept as this test's input.
 */
class CrossingsTest {

    @Test
    void listsEachCrossingOnceWithItsDialectPartiesAndOutcome() throws Exception {
        try (InputStream trace = getClass().getResourceAsStream("placed-order-trace.json")) {
            var crossings = Crossings.of(JsonMapper.builder().build().readTree(trace));

            assertThat(crossings)
                    .extracting(Crossing::dialect, Crossing::from, Crossing::to, Crossing::name, Crossing::status)
                    .contains(
                            tuple("REST", "browser", "orders", "POST /api/orders", "201"),
                            tuple("gRPC", "orders", "inventory", "InventoryService/ReserveStock", "OK"),
                            tuple("gRPC", "orders", "shipping", "ShippingService/QuoteShipping", "OK"),
                            tuple("REST", "orders", "partners", "POST /v1/payment_intents", "200"),
                            tuple("Kafka", "orders", "kafka", "orderflow.order-events", "sent"),
                            tuple("Kafka", "kafka", "notifications", "orderflow.order-events", "received"),
                            tuple("Kafka", "kafka", "analytics", "orderflow.order-events", "received"),
                            tuple("Kafka", "kafka", "webhooks", "orderflow.order-events", "received"),
                            tuple("Webhook", "partners", "orders", "POST /webhooks/psp", "204"),
                            tuple("Webhook", "webhooks", "merchant", "merchant webhook", "204"));
            assertThat(crossings)
                    .as(
                            "work resumed from a stored context is not a crossing; a server span under its client is the same crossing")
                    .noneMatch(crossing -> crossing.name().startsWith("resume")
                            || crossing.name().equals("payment event"))
                    .filteredOn(crossing -> crossing.name().equals("InventoryService/ReserveStock"))
                    .hasSize(1);
            assertThat(crossings)
                    .filteredOn(crossing ->
                            crossing.dialect().equals("Kafka") && crossing.to().equals("kafka"))
                    .allSatisfy(sent -> assertThat(sent.bytes()).isPositive());
            assertThat(crossings).isSortedAccordingTo(java.util.Comparator.comparingLong(Crossing::startMicros));
        }
    }
}
