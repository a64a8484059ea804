package dev.orderflow.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.analytics.readmodel.OrderEvent;
import dev.orderflow.analytics.readmodel.ReadModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the read model stores and how the API reads it, on every database it runs on: H2 (the
 * embedded default) and PostgreSQL (production), by the subclasses. Events go straight into the
 * {@link ReadModel}; the Kafka side is ReadModelTest's.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED) // commit for real, as the feed does
@Import({ReadModel.class, OrderViews.class, SalesViews.class})
abstract class ReadModelStoreTests {

    private static final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    ReadModel model;

    @Autowired
    OrderViews orders;

    @Autowired
    SalesViews sales;

    private final Instant placedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private OrderEvent event(UUID order, String type, int sequence, String from, String to, Instant at, String extra) {
        String data = "{\"order_id\":\"%s\",\"customer_id\":\"cleo\",\"sequence\":%d,\"new_status\":\"%s\"%s}"
                .formatted(order, sequence, to, extra);
        return new OrderEvent(UUID.randomUUID(), type, order, "cleo", sequence, from, to, at, json.readTree(data));
    }

    private OrderEvent placed(UUID order, String sku) {
        return event(
                order,
                "placed",
                1,
                null,
                "AWAITING_PAYMENT",
                placedAt,
                ",\"items\":[{\"sku\":\"" + sku
                        + "\",\"name\":\"Mug\",\"quantity\":2,\"unit_price\":{\"amount_minor\":1200,"
                        + "\"currency\":\"EUR\"}}],\"shipping\":{\"amount_minor\":490,\"currency\":\"EUR\"},"
                        + "\"total\":{\"amount_minor\":2890,\"currency\":\"EUR\"}");
    }

    @Test
    void appliesAnEventOnceAndNeverLetsAnOlderOneOverwriteANewerState() {
        UUID order = UUID.randomUUID();
        String sku = "DB-" + System.nanoTime();
        var placed = placed(order, sku);
        var paid = event(
                order,
                "paid",
                3,
                "AWAITING_PAYMENT",
                "PAID",
                placedAt.plusSeconds(60),
                ",\"payment\":{\"intent_id\":\"pi_1\",\"status\":\"succeeded\"}");
        var fulfilling = event(
                order,
                "shipment_created",
                4,
                "PAID",
                "FULFILLING",
                placedAt.plusSeconds(61),
                ",\"shipment\":{\"shipment_id\":\"shp-1\",\"tracking_number\":\"OF1\"}");

        assertThat(model.apply(fulfilling)).isEqualTo(ReadModel.Outcome.APPLIED);
        assertThat(model.apply(paid)).isEqualTo(ReadModel.Outcome.APPLIED);
        assertThat(model.apply(placed)).isEqualTo(ReadModel.Outcome.APPLIED);
        assertThat(model.apply(paid)).isEqualTo(ReadModel.Outcome.DUPLICATE);

        var view = orders.find(order).orElseThrow();
        assertThat(view.status()).isEqualTo("FULFILLING");
        assertThat(view.version()).isEqualTo(4);
        assertThat(view.total()).isEqualTo(new Views.Money(2890, "EUR"));
        assertThat(view.shipment()).isEqualTo(new Views.ShipmentView("shp-1", "OF1"));
        assertThat(view.placedAt().toInstant()).isEqualTo(placedAt);
        assertThat(orders.items(java.util.List.of(order)).get(order))
                .singleElement()
                .satisfies(item -> assertThat(item.product().name()).isEqualTo("Mug"));
        assertThat(orders.transitions(java.util.List.of(order)).get(order)).hasSize(3);
        LocalDate day = placedAt.plusSeconds(60).atOffset(ZoneOffset.UTC).toLocalDate();
        assertThat(sales.top(day, day, 100))
                .filteredOn(p -> p.product().sku().equals(sku))
                .singleElement()
                .satisfies(p -> assertThat(p.units()).as("counted once").isEqualTo(2));
    }

    @Test
    void measuresPaymentToDeliveryWithPercentiles() {
        for (int minutes : new int[] {10, 20, 30}) {
            UUID order = UUID.randomUUID();
            model.apply(placed(order, "DB-TIMING"));
            model.apply(event(order, "paid", 2, "AWAITING_PAYMENT", "PAID", placedAt, ""));
            model.apply(event(order, "delivered", 5, "SHIPPED", "DELIVERED", placedAt.plusSeconds(60L * minutes), ""));
        }
        LocalDate day = placedAt.atOffset(ZoneOffset.UTC).toLocalDate();

        var timing = sales.fulfilment(day, day.plusDays(1));

        assertThat(timing.delivered()).isGreaterThanOrEqualTo(3);
        assertThat(timing.p50Seconds()).isNotNull().isPositive();
        assertThat(timing.p99Seconds()).isGreaterThanOrEqualTo(timing.p50Seconds());
    }

    @Test
    void refundsKeepTheirNewestStateAndTheOrdersRefundedTotal() {
        UUID order = UUID.randomUUID();
        UUID refund = UUID.randomUUID();
        model.apply(placed(order, "DB-REFUND"));
        String requested =
                ",\"refund\":{\"refund_id\":\"" + refund + "\",\"amount\":{\"amount_minor\":500,\"currency\":\"EUR\"},"
                        + "\"status\":\"REQUESTED\"},\"refunded\":{\"amount_minor\":0,\"currency\":\"EUR\"}";
        String done = requested
                .replace("REQUESTED", "REFUNDED")
                .replace("\"refunded\":{\"amount_minor\":0", "\"refunded\":{\"amount_minor\":500");
        model.apply(event(order, "refunded", 3, "AWAITING_PAYMENT", "AWAITING_PAYMENT", placedAt.plusSeconds(9), done));
        model.apply(event(
                order,
                "refund_requested",
                2,
                "AWAITING_PAYMENT",
                "AWAITING_PAYMENT",
                placedAt.plusSeconds(5),
                requested));

        assertThat(orders.refunds(java.util.List.of(order)).get(order))
                .singleElement()
                .satisfies(r ->
                        assertThat(r.status()).as("the older event came last").isEqualTo("REFUNDED"));
        assertThat(orders.find(order).orElseThrow().refunded()).isEqualTo(new Views.Money(500, "EUR"));
    }
}
