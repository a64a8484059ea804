package dev.orderflow.orders.order;

import static dev.orderflow.defaults.data.Timestamps.utc;

import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.orders.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Orders and their lines, in plain SQL that runs on H2 and PostgreSQL alike. Saving an order also
 * publishes the events it registered, so they reach the outbox in the transaction of the change
 * (call {@link #insert} and {@link #update} inside one).
 */
@Repository
public class Orders {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Refunds refunds;
    private final TraceContexts traces;

    Orders(JdbcClient jdbc, ApplicationEventPublisher events, Refunds refunds, TraceContexts traces) {
        this.jdbc = jdbc;
        this.events = events;
        this.refunds = refunds;
        this.traces = traces;
    }

    /** The trace of the order's last change (W3C traceparent), for work it made due; null if none. */
    String traceOf(UUID id) {
        return jdbc.sql("SELECT trace_parent FROM orders WHERE id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    void insert(Order order) {
        Address a = order.shippingAddress();
        jdbc.sql(
                        """
                INSERT INTO orders (id, customer_id, status, ship_name, ship_line1, ship_line2, ship_city,
                    ship_postal_code, ship_country, currency, subtotal_minor, total_minor, created_at, updated_at, version,
                    reservation_id, shipping_minor, shipping_eta_days, estimated_delivery, trace_parent)
                VALUES (:id, :customer, :status, :name, :line1, :line2, :city, :postal, :country, :currency,
                    :subtotal, :total, :created, :updated, :version, :reservation, :shipping, :eta, :delivery,
                    :trace)""")
                .param("trace", traces.current())
                .param("id", order.id())
                .param("customer", order.customerId())
                .param("status", order.status().name())
                .param("name", a.name())
                .param("line1", a.line1())
                .param("line2", a.line2())
                .param("city", a.city())
                .param("postal", a.postalCode())
                .param("country", a.country())
                .param("currency", order.total().currency())
                .param("subtotal", order.subtotal().amountMinor())
                .param("total", order.total().amountMinor())
                .param("created", utc(order.createdAt()))
                .param("updated", utc(order.updatedAt()))
                .param("version", order.version())
                .param("reservation", order.fulfilment().reservationId())
                .param("shipping", order.fulfilment().shipping().amountMinor())
                .param("eta", order.fulfilment().etaDays())
                .param(
                        "delivery",
                        order.fulfilment().estimatedDelivery() == null
                                ? null
                                : utc(order.fulfilment().estimatedDelivery()))
                .update();
        int lineNo = 0;
        for (OrderLine line : order.lines()) {
            jdbc.sql(
                            """
                    INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_minor)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(
                            order.id(),
                            ++lineNo,
                            line.sku(),
                            line.name(),
                            line.quantity(),
                            line.unitPrice().amountMinor())
                    .update();
        }
        publishEvents(order);
    }

    /** Saves a changed order if nobody changed it since it was read (optimistic locking on version). */
    void update(Order order) {
        int updated = jdbc.sql(
                        """
                UPDATE orders SET status = :status, updated_at = :updated, version = :version,
                    payment_intent_id = :intent, payment_status = :paymentStatus, payment_client_secret = :secret,
                    shipment_id = :shipment, tracking_number = :tracking, refund_due = :refundDue,
                    refunded_minor = :refunded, refund_pending_minor = :refundPending, trace_parent = :trace
                WHERE id = :id AND version = :previous""")
                .param("trace", traces.current())
                .param("status", order.status().name())
                .param(
                        "intent",
                        order.payment() == null ? null : order.payment().intentId())
                .param(
                        "paymentStatus",
                        order.payment() == null ? null : order.payment().status())
                .param(
                        "secret",
                        order.payment() == null ? null : order.payment().clientSecret())
                .param(
                        "shipment",
                        order.shipment() == null ? null : order.shipment().shipmentId())
                .param(
                        "tracking",
                        order.shipment() == null ? null : order.shipment().trackingNumber())
                .param("refundDue", order.refundDue())
                .param("refunded", order.refunded().amountMinor())
                .param("refundPending", order.refundPending().amountMinor())
                .param("updated", utc(order.updatedAt()))
                .param("version", order.version())
                .param("id", order.id())
                .param("previous", order.version() - order.unsavedEvents().size()) // one event per change
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException("Order " + order.id() + " was changed concurrently");
        }
        for (Refund refund : order.unsavedRefunds()) {
            if (refund.status() == Refund.Status.REQUESTED) {
                refunds.insert(refund); // requested by this change: a refund is requested only once
            } else {
                refunds.ended(refund);
            }
        }
        publishEvents(order);
    }

    private void publishEvents(Order order) {
        order.unsavedEvents().forEach(events::publishEvent);
        order.eventsSaved();
    }

    public Optional<Order> find(UUID id) {
        return withLines(jdbc.sql("SELECT * FROM orders WHERE id = ?")
                        .param(id)
                        .query(Orders::header)
                        .list())
                .stream()
                .findFirst();
    }

    /**
     * One page of orders, newest first, strictly after the cursor position: keyset pagination over
     * (created_at, id), so rows inserted or deleted elsewhere never shift the rows of a scan.
     */
    public List<Order> page(OrderQuery query, OrderCursor.Position after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM orders WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (query.customerId() != null) {
            sql.append(" AND customer_id = :customer");
            params.put("customer", query.customerId());
        }
        if (!query.statuses().isEmpty()) {
            sql.append(" AND status IN (:statuses)");
            params.put("statuses", query.statuses().stream().map(Enum::name).toList());
        }
        if (query.createdAfter() != null) {
            sql.append(" AND created_at >= :createdAfter");
            params.put("createdAfter", utc(query.createdAfter()));
        }
        if (query.createdBefore() != null) {
            sql.append(" AND created_at < :createdBefore");
            params.put("createdBefore", utc(query.createdBefore()));
        }
        if (after != null) {
            sql.append(" AND (created_at < :afterTime OR (created_at = :afterTime AND id < :afterId))");
            params.put("afterTime", utc(after.createdAt()));
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        params.put("limit", limit);
        return withLines(
                jdbc.sql(sql.toString()).params(params).query(Orders::header).list());
    }

    /** Ids of orders in a status, oldest first: the order workflow's to-do lists. */
    public List<UUID> idsInStatus(OrderStatus status, int limit) {
        return jdbc.sql("SELECT id FROM orders WHERE status = ? ORDER BY created_at LIMIT ?")
                .params(status.name(), limit)
                .query(UUID.class)
                .list();
    }

    /** Orders awaiting payment whose intent does not exist yet, oldest first. */
    List<UUID> awaitingIntent(int limit) {
        return jdbc.sql("SELECT id FROM orders WHERE status = ? AND payment_intent_id IS NULL"
                        + " ORDER BY created_at LIMIT ?")
                .params(OrderStatus.AWAITING_PAYMENT.name(), limit)
                .query(UUID.class)
                .list();
    }

    /** Orders awaiting payment since before {@code placedBefore}, oldest first. */
    List<UUID> unpaidSince(Instant placedBefore, int limit) {
        return jdbc.sql("SELECT id FROM orders WHERE status = ? AND created_at < ? ORDER BY created_at LIMIT ?")
                .params(OrderStatus.AWAITING_PAYMENT.name(), utc(placedBefore), limit)
                .query(UUID.class)
                .list();
    }

    private List<Order> withLines(List<Header> headers) {
        if (headers.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<OrderLine>> lines = new LinkedHashMap<>();
        jdbc.sql("SELECT l.*, o.currency FROM order_lines l JOIN orders o ON o.id = l.order_id"
                        + " WHERE l.order_id IN (:ids) ORDER BY l.order_id, l.line_no")
                .param("ids", headers.stream().map(Header::id).toList())
                .query(rs -> {
                    lines.computeIfAbsent(rs.getObject("order_id", UUID.class), id -> new ArrayList<>())
                            .add(new OrderLine(
                                    rs.getString("sku"),
                                    rs.getString("name"),
                                    rs.getInt("quantity"),
                                    new Money(rs.getLong("unit_price_minor"), rs.getString("currency"))));
                });
        return headers.stream()
                .map(h -> new Order(
                        h.id,
                        h.customerId,
                        lines.get(h.id),
                        h.address,
                        h.fulfilment,
                        h.status,
                        h.payment,
                        h.shipment,
                        h.refundDue,
                        new Money(h.refundedMinor, h.fulfilment.shipping().currency()),
                        new Money(h.refundPendingMinor, h.fulfilment.shipping().currency()),
                        h.createdAt,
                        h.updatedAt,
                        h.version))
                .toList();
    }

    private record Header(
            UUID id,
            String customerId,
            OrderStatus status,
            Order.Payment payment,
            Order.Shipment shipment,
            boolean refundDue,
            long refundedMinor,
            long refundPendingMinor,
            Address address,
            Order.Fulfilment fulfilment,
            Instant createdAt,
            Instant updatedAt,
            int version) {}

    private static Header header(ResultSet rs, int row) throws SQLException {
        return new Header(
                rs.getObject("id", UUID.class),
                rs.getString("customer_id"),
                OrderStatus.valueOf(rs.getString("status")),
                rs.getString("payment_intent_id") == null
                        ? null
                        : new Order.Payment(
                                rs.getString("payment_intent_id"),
                                rs.getString("payment_status"),
                                rs.getString("payment_client_secret")),
                rs.getString("shipment_id") == null
                        ? null
                        : new Order.Shipment(rs.getString("shipment_id"), rs.getString("tracking_number")),
                rs.getBoolean("refund_due"),
                rs.getLong("refunded_minor"),
                rs.getLong("refund_pending_minor"),
                new Address(
                        rs.getString("ship_name"),
                        rs.getString("ship_line1"),
                        rs.getString("ship_line2"),
                        rs.getString("ship_city"),
                        rs.getString("ship_postal_code"),
                        rs.getString("ship_country")),
                new Order.Fulfilment(
                        rs.getString("reservation_id"),
                        new Money(rs.getLong("shipping_minor"), rs.getString("currency")),
                        (Integer) rs.getObject("shipping_eta_days"),
                        rs.getObject("estimated_delivery", OffsetDateTime.class) == null
                                ? null
                                : rs.getObject("estimated_delivery", OffsetDateTime.class)
                                        .toInstant()),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getInt("version"));
    }
}
