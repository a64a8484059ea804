package dev.orderflow.analytics.readmodel;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Folds order events into the read model. Each event is applied once (its id is recorded in the
 * same transaction as its effect), and an event older than what an order already shows (a lower
 * {@code ordersequence}) adds what only it knows (a transition, a time, its items) but never
 * overwrites the newer state. Totals are absolute in the events (refunded so far), so replays and
 * reorderings cannot double them; daily sales count an order's payment once ({@code sales_counted}).
 */
@Repository
public class ReadModel {

    /** The event types this version understands; any other is skipped and counted. */
    static final Set<String> KNOWN = Set.of(
            "placed",
            "status_changed",
            "payment_updated",
            "paid",
            "payment_failed",
            "shipment_created",
            "shipped",
            "delivered",
            "cancelled",
            "refund_requested",
            "refunded",
            "refund_failed");

    private final JdbcClient jdbc;

    ReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What applying an event did. */
    public enum Outcome {
        APPLIED,
        DUPLICATE,
        SKIPPED_UNKNOWN_TYPE
    }

    @Transactional
    public Outcome apply(OrderEvent event) {
        boolean seen = jdbc.sql("SELECT COUNT(*) FROM applied_events WHERE event_id = ?")
                        .param(event.eventId())
                        .query(Integer.class)
                        .single()
                > 0;
        if (seen) {
            return Outcome.DUPLICATE;
        }
        jdbc.sql("INSERT INTO applied_events (event_id, order_id, type, sequence, applied_at) VALUES (?, ?, ?, ?, ?)")
                .params(event.eventId(), event.orderId(), event.type(), event.sequence(), utc(event.occurredAt()))
                .update();
        if (!KNOWN.contains(event.type())) {
            skipped(event.type());
            return Outcome.SKIPPED_UNKNOWN_TYPE;
        }
        Optional<Integer> version = jdbc.sql("SELECT version FROM orders WHERE id = ? FOR UPDATE")
                .param(event.orderId())
                .query(Integer.class)
                .optional();
        if (version.isEmpty()) {
            jdbc.sql(
                            """
                    INSERT INTO orders (id, customer_id, status, version, listed_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(
                            event.orderId(),
                            event.customerId(),
                            event.newStatus(),
                            event.sequence(),
                            utc(event.occurredAt()),
                            utc(event.occurredAt()))
                    .update();
        } else if (event.sequence() > version.get()) {
            jdbc.sql("UPDATE orders SET status = ?, version = ?, updated_at = ? WHERE id = ?")
                    .params(event.newStatus(), event.sequence(), utc(event.occurredAt()), event.orderId())
                    .update();
        }
        boolean newest = version.isEmpty() || event.sequence() > version.get();
        if (event.changesStatus()) {
            transition(event);
        }
        JsonNode data = event.data();
        switch (event.type()) {
            case "placed" -> placed(event);
            case "paid" -> paid(event);
            case "delivered" -> delivered(event);
            case "refund_requested", "refunded", "refund_failed" -> refund(event, newest);
            default -> {}
        }
        if (newest && data.hasNonNull("payment")) {
            jdbc.sql("UPDATE orders SET payment_intent_id = ?, payment_status = ? WHERE id = ?")
                    .params(
                            data.get("payment").path("intent_id").asString(),
                            data.get("payment").path("status").asString(),
                            event.orderId())
                    .update();
        }
        if (newest && data.hasNonNull("shipment")) {
            jdbc.sql("UPDATE orders SET shipment_id = ?, tracking_number = ? WHERE id = ?")
                    .params(
                            data.get("shipment").path("shipment_id").asString(),
                            data.get("shipment").path("tracking_number").asString(),
                            event.orderId())
                    .update();
        }
        return Outcome.APPLIED;
    }

    private void transition(OrderEvent event) {
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM transitions WHERE order_id = ? AND sequence = ?")
                        .params(event.orderId(), event.sequence())
                        .query(Integer.class)
                        .single()
                > 0;
        if (!exists) {
            jdbc.sql(
                            """
                    INSERT INTO transitions (order_id, sequence, from_status, to_status, event_type, at)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(
                            event.orderId(),
                            event.sequence(),
                            event.oldStatus(),
                            event.newStatus(),
                            OrderEvent.TYPE_PREFIX + event.type(),
                            utc(event.occurredAt()))
                    .update();
        }
    }

    /** What only the placed event says: the lines, the totals, the address; and the customer and products. */
    private void placed(OrderEvent event) {
        JsonNode data = event.data();
        String currency = data.path("total").path("currency").asString();
        JsonNode address = data.path("shipping_address");
        jdbc.sql(
                        """
                UPDATE orders SET currency = ?, total_minor = ?, shipping_minor = ?, placed_at = ?, listed_at = ?,
                    ship_name = ?, ship_line1 = ?, ship_line2 = ?, ship_city = ?, ship_postal_code = ?, ship_country = ?
                WHERE id = ?""")
                .params(
                        currency,
                        data.path("total").path("amount_minor").asLong(),
                        data.path("shipping").path("amount_minor").asLong(),
                        utc(event.occurredAt()),
                        utc(event.occurredAt()),
                        text(address, "name"),
                        text(address, "line1"),
                        text(address, "line2"),
                        text(address, "city"),
                        text(address, "postal_code"),
                        text(address, "country"),
                        event.orderId())
                .update();
        int line = 0;
        for (JsonNode item : data.path("items")) {
            String sku = item.path("sku").asString();
            long price = item.path("unit_price").path("amount_minor").asLong();
            jdbc.sql(
                            """
                    INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price_minor)
                    VALUES (?, ?, ?, ?, ?)""")
                    .params(event.orderId(), ++line, sku, item.path("quantity").asInt(), price)
                    .update();
            product(sku, text(item, "name"), price, currency, event.occurredAt());
        }
        int known = jdbc.sql("UPDATE customers SET order_count = order_count + 1,"
                        + " first_order_at = CASE WHEN first_order_at > ? THEN ? ELSE first_order_at END WHERE id = ?")
                .params(utc(event.occurredAt()), utc(event.occurredAt()), event.customerId())
                .update();
        if (known == 0) {
            jdbc.sql("INSERT INTO customers (id, order_count, first_order_at) VALUES (?, 1, ?)")
                    .params(event.customerId(), utc(event.occurredAt()))
                    .update();
        }
        countSales(event.orderId()); // its paid event may have come first
    }

    /** The newest event naming a product decides its name and price. */
    private void product(String sku, String name, long price, String currency, Instant seenAt) {
        int updated = jdbc.sql(
                        """
                UPDATE products SET name = COALESCE(?, name), price_minor = ?, currency = ?, seen_at = ?
                WHERE sku = ? AND seen_at <= ?""")
                .params(name, price, currency, utc(seenAt), sku, utc(seenAt))
                .update();
        if (updated == 0
                && jdbc.sql("SELECT COUNT(*) FROM products WHERE sku = ?")
                                .param(sku)
                                .query(Integer.class)
                                .single()
                        == 0) {
            jdbc.sql("INSERT INTO products (sku, name, price_minor, currency, seen_at) VALUES (?, ?, ?, ?, ?)")
                    .params(sku, name, price, currency, utc(seenAt))
                    .update();
        }
    }

    private void paid(OrderEvent event) {
        jdbc.sql("UPDATE orders SET paid_at = ? WHERE id = ? AND paid_at IS NULL")
                .params(utc(event.occurredAt()), event.orderId())
                .update();
        countSales(event.orderId());
        fulfilment(event.orderId());
    }

    /** Adds a paid order to the day's sales once it is known both paid and placed, and only once. */
    private void countSales(UUID orderId) {
        var order = jdbc.sql("SELECT paid_at, currency, total_minor FROM orders WHERE id = ?"
                        + " AND paid_at IS NOT NULL AND placed_at IS NOT NULL AND sales_counted = FALSE")
                .param(orderId)
                .query((rs, row) -> new Object[] {
                    rs.getObject("paid_at", OffsetDateTime.class), rs.getString("currency"), rs.getLong("total_minor")
                })
                .optional();
        if (order.isEmpty()) {
            return;
        }
        LocalDate day = ((OffsetDateTime) order.get()[0])
                .withOffsetSameInstant(ZoneOffset.UTC)
                .toLocalDate();
        String currency = (String) order.get()[1];
        long total = (Long) order.get()[2];
        var items = jdbc.sql("SELECT sku, quantity, unit_price_minor FROM order_items WHERE order_id = ?")
                .param(orderId)
                .query((rs, row) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getLong(3)})
                .list();
        int units = items.stream().mapToInt(i -> (Integer) i[1]).sum();
        addDaily(day, currency, 1, units, total, 0);
        for (Object[] item : items) {
            int quantity = (Integer) item[1];
            long revenue = quantity * (Long) item[2];
            int updated = jdbc.sql("UPDATE product_sales SET units = units + ?, revenue_minor = revenue_minor + ?"
                            + " WHERE sales_day = ? AND sku = ? AND currency = ?")
                    .params(quantity, revenue, day, item[0], currency)
                    .update();
            if (updated == 0) {
                jdbc.sql(
                                "INSERT INTO product_sales (sales_day, sku, currency, units, revenue_minor) VALUES (?, ?, ?, ?, ?)")
                        .params(day, item[0], currency, quantity, revenue)
                        .update();
            }
        }
        jdbc.sql("UPDATE orders SET sales_counted = TRUE WHERE id = ?")
                .param(orderId)
                .update();
    }

    private void addDaily(LocalDate day, String currency, int orders, int units, long revenue, long refunds) {
        int updated = jdbc.sql(
                        """
                UPDATE daily_sales SET orders = orders + ?, units = units + ?, revenue_minor = revenue_minor + ?,
                    refunds_minor = refunds_minor + ?
                WHERE sales_day = ? AND currency = ?""")
                .params(orders, units, revenue, refunds, day, currency)
                .update();
        if (updated == 0) {
            jdbc.sql(
                            """
                    INSERT INTO daily_sales (sales_day, currency, orders, units, revenue_minor, refunds_minor)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(day, currency, orders, units, revenue, refunds)
                    .update();
        }
    }

    private void delivered(OrderEvent event) {
        jdbc.sql("UPDATE orders SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL")
                .params(utc(event.occurredAt()), event.orderId())
                .update();
        fulfilment(event.orderId());
    }

    /** Payment to delivery, once both are known (either event may come first). */
    private void fulfilment(UUID orderId) {
        jdbc.sql("SELECT paid_at, delivered_at FROM orders WHERE id = ?"
                        + " AND paid_at IS NOT NULL AND delivered_at IS NOT NULL")
                .param(orderId)
                .query((rs, row) -> Duration.between(
                        rs.getObject("paid_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("delivered_at", OffsetDateTime.class).toInstant()))
                .optional()
                .ifPresent(took -> jdbc.sql("UPDATE orders SET fulfilment_seconds = ? WHERE id = ?")
                        .params(took.toMillis() / 1000.0, orderId)
                        .update());
    }

    /** A refund's own state by its sequence; the order's refunded total as the newest event says. */
    private void refund(OrderEvent event, boolean newest) {
        JsonNode refund = event.data().path("refund");
        UUID id = UUID.fromString(refund.path("refund_id").asString());
        long amount = refund.path("amount").path("amount_minor").asLong();
        String currency = refund.path("amount").path("currency").asString();
        int updated = jdbc.sql(
                        """
                UPDATE refunds SET status = ?, failure_reason = ?, sequence = ?, updated_at = ?
                WHERE id = ? AND sequence < ?""")
                .params(
                        refund.path("status").asString(),
                        text(refund, "failure_reason"),
                        event.sequence(),
                        utc(event.occurredAt()),
                        id,
                        event.sequence())
                .update();
        if (updated == 0
                && jdbc.sql("SELECT COUNT(*) FROM refunds WHERE id = ?")
                                .param(id)
                                .query(Integer.class)
                                .single()
                        == 0) {
            jdbc.sql(
                            """
                    INSERT INTO refunds (id, order_id, amount_minor, currency, status, reason, failure_reason,
                        sequence, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            id,
                            event.orderId(),
                            amount,
                            currency,
                            refund.path("status").asString(),
                            text(refund, "reason"),
                            text(refund, "failure_reason"),
                            event.sequence(),
                            utc(event.occurredAt()))
                    .update();
        }
        if (newest) {
            jdbc.sql("UPDATE orders SET refunded_minor = ? WHERE id = ?")
                    .params(event.data().path("refunded").path("amount_minor").asLong(), event.orderId())
                    .update();
        }
        if (event.type().equals("refunded")) {
            LocalDate day = event.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate();
            addDaily(day, currency, 0, 0, 0, amount);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }

    /** A record that could not be applied, counted by why. */
    @Transactional
    public void skipped(String type) {
        int counted = jdbc.sql("UPDATE skipped_events SET count = count + 1 WHERE type = ?")
                .param(type)
                .update();
        if (counted == 0) {
            jdbc.sql("INSERT INTO skipped_events (type, count) VALUES (?, 1)")
                    .param(type)
                    .update();
        }
    }

    /** The order's currency, once its placed event was applied. */
    public Optional<String> currency(UUID orderId) {
        return jdbc.sql("SELECT currency FROM orders WHERE id = ?")
                .param(orderId)
                .query(String.class)
                .optional()
                .filter(currency -> currency != null);
    }

    /** The order's version as applied so far; 0 if none of its events has been. */
    public int version(UUID orderId) {
        return jdbc.sql("SELECT version FROM orders WHERE id = ?")
                .param(orderId)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }
}
