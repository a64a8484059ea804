package dev.orderflow.analytics.query;

import dev.orderflow.analytics.query.Views.AddressView;
import dev.orderflow.analytics.query.Views.CustomerView;
import dev.orderflow.analytics.query.Views.ItemView;
import dev.orderflow.analytics.query.Views.Money;
import dev.orderflow.analytics.query.Views.OrderQuery;
import dev.orderflow.analytics.query.Views.OrderView;
import dev.orderflow.analytics.query.Views.PaymentView;
import dev.orderflow.analytics.query.Views.ProductView;
import dev.orderflow.analytics.query.Views.RefundView;
import dev.orderflow.analytics.query.Views.ShipmentView;
import dev.orderflow.analytics.query.Views.TransitionView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The read model's orders as the API shows them; every nested field loads for many orders at once. */
@Repository
class OrderViews {

    private final JdbcClient jdbc;

    OrderViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<OrderView> find(UUID id) {
        return jdbc.sql("SELECT * FROM orders WHERE id = ?")
                .param(id)
                .query(OrderViews::order)
                .optional();
    }

    /** The keyset position of an order in lists: newest first, by (listed_at, id). */
    record Position(OffsetDateTime listedAt, UUID id) {}

    /**
     * Up to {@code limit} orders strictly after ({@code forward}) or before a position, in list
     * order (newest first) either way.
     */
    List<OrderView> page(OrderQuery query, Position from, boolean forward, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM orders WHERE 1 = 1");
        where(query, sql, params);
        if (from != null) {
            sql.append(
                    forward
                            ? " AND (listed_at < :at OR (listed_at = :at AND id < :id))"
                            : " AND (listed_at > :at OR (listed_at = :at AND id > :id))");
            params.put("at", from.listedAt());
            params.put("id", from.id());
        }
        sql.append(forward ? " ORDER BY listed_at DESC, id DESC" : " ORDER BY listed_at ASC, id ASC");
        sql.append(" LIMIT :limit");
        params.put("limit", limit);
        List<OrderView> rows = new ArrayList<>(
                jdbc.sql(sql.toString()).params(params).query(OrderViews::order).list());
        if (!forward) {
            java.util.Collections.reverse(rows);
        }
        return rows;
    }

    int count(OrderQuery query) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM orders WHERE 1 = 1");
        where(query, sql, params);
        return jdbc.sql(sql.toString()).params(params).query(Integer.class).single();
    }

    private static void where(OrderQuery query, StringBuilder sql, Map<String, Object> params) {
        if (query.statuses() != null && !query.statuses().isEmpty()) {
            sql.append(" AND status IN (:statuses)");
            params.put("statuses", query.statuses());
        }
        if (query.customerId() != null) {
            sql.append(" AND customer_id = :customer");
            params.put("customer", query.customerId());
        }
        if (query.from() != null) {
            sql.append(" AND listed_at >= :from");
            params.put("from", query.from());
        }
        if (query.to() != null) {
            sql.append(" AND listed_at < :to");
            params.put("to", query.to());
        }
    }

    Map<String, CustomerView> customers(Collection<String> ids) {
        Map<String, CustomerView> found = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT * FROM customers WHERE id IN (:ids)")
                    .param("ids", ids)
                    .query(OrderViews::customer)
                    .list()
                    .forEach(c -> found.put(c.id(), c));
        }
        return found;
    }

    Optional<CustomerView> customer(String id) {
        return jdbc.sql("SELECT * FROM customers WHERE id = ?")
                .param(id)
                .query(OrderViews::customer)
                .optional();
    }

    /** The lines of many orders with their products, in one statement. */
    Map<UUID, List<ItemView>> items(Collection<UUID> orderIds) {
        Map<UUID, List<ItemView>> items = new LinkedHashMap<>();
        if (!orderIds.isEmpty()) {
            jdbc.sql(
                            """
                    SELECT i.order_id, i.sku, i.quantity, i.unit_price_minor, o.currency, p.name,
                        p.price_minor, p.currency AS product_currency
                    FROM order_items i JOIN orders o ON o.id = i.order_id LEFT JOIN products p ON p.sku = i.sku
                    WHERE i.order_id IN (:ids) ORDER BY i.order_id, i.line_no""")
                    .param("ids", orderIds)
                    .query(rs -> {
                        String currency = rs.getString("currency");
                        long price = rs.getLong("unit_price_minor");
                        int quantity = rs.getInt("quantity");
                        var product = new ProductView(
                                rs.getString("sku"),
                                rs.getString("name"),
                                Money.of((Long) rs.getObject("price_minor"), rs.getString("product_currency")));
                        items.computeIfAbsent(rs.getObject("order_id", UUID.class), id -> new ArrayList<>())
                                .add(new ItemView(
                                        rs.getString("sku"),
                                        product,
                                        quantity,
                                        new Money(price, currency),
                                        new Money(price * quantity, currency)));
                    });
        }
        return items;
    }

    Map<UUID, List<RefundView>> refunds(Collection<UUID> orderIds) {
        Map<UUID, List<RefundView>> refunds = new LinkedHashMap<>();
        if (!orderIds.isEmpty()) {
            jdbc.sql("SELECT * FROM refunds WHERE order_id IN (:ids) ORDER BY order_id, updated_at, id")
                    .param("ids", orderIds)
                    .query(rs -> {
                        refunds.computeIfAbsent(rs.getObject("order_id", UUID.class), id -> new ArrayList<>())
                                .add(new RefundView(
                                        rs.getObject("id", UUID.class),
                                        new Money(rs.getLong("amount_minor"), rs.getString("currency")),
                                        rs.getString("status"),
                                        rs.getString("reason"),
                                        rs.getString("failure_reason"),
                                        rs.getObject("updated_at", OffsetDateTime.class)));
                    });
        }
        return refunds;
    }

    Map<UUID, List<TransitionView>> transitions(Collection<UUID> orderIds) {
        Map<UUID, List<TransitionView>> transitions = new LinkedHashMap<>();
        if (!orderIds.isEmpty()) {
            jdbc.sql("SELECT * FROM transitions WHERE order_id IN (:ids) ORDER BY order_id, sequence")
                    .param("ids", orderIds)
                    .query(rs -> {
                        transitions
                                .computeIfAbsent(rs.getObject("order_id", UUID.class), id -> new ArrayList<>())
                                .add(new TransitionView(
                                        rs.getInt("sequence"),
                                        rs.getString("from_status"),
                                        rs.getString("to_status"),
                                        rs.getString("event_type"),
                                        rs.getObject("at", OffsetDateTime.class)));
                    });
        }
        return transitions;
    }

    private static OrderView order(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency");
        return new OrderView(
                rs.getObject("id", UUID.class),
                rs.getInt("version"),
                rs.getString("status"),
                rs.getString("customer_id"),
                Money.of((Long) rs.getObject("total_minor"), currency),
                Money.of((Long) rs.getObject("shipping_minor"), currency),
                rs.getString("payment_intent_id") == null
                        ? null
                        : new PaymentView(rs.getString("payment_intent_id"), rs.getString("payment_status")),
                rs.getString("shipment_id") == null
                        ? null
                        : new ShipmentView(rs.getString("shipment_id"), rs.getString("tracking_number")),
                Money.of(rs.getLong("refunded_minor"), currency),
                rs.getString("ship_name") == null
                        ? null
                        : new AddressView(
                                rs.getString("ship_name"),
                                rs.getString("ship_line1"),
                                rs.getString("ship_line2"),
                                rs.getString("ship_city"),
                                rs.getString("ship_postal_code"),
                                rs.getString("ship_country")),
                rs.getObject("placed_at", OffsetDateTime.class),
                rs.getObject("paid_at", OffsetDateTime.class),
                rs.getObject("delivered_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("listed_at", OffsetDateTime.class));
    }

    private static CustomerView customer(ResultSet rs, int row) throws SQLException {
        return new CustomerView(
                rs.getString("id"), rs.getInt("order_count"), rs.getObject("first_order_at", OffsetDateTime.class));
    }
}
