package dev.orderflow.shipping.shipment;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Shipments {

    private final JdbcClient jdbc;

    Shipments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Fails with DuplicateKeyException when the order already has a shipment. */
    void insert(Shipment s, Instant nextStepAt) {
        jdbc.sql(
                        """
                INSERT INTO shipments (id, order_id, tracking_number, status, country, postal_code, city, created_at, next_step_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        s.id(),
                        s.orderId(),
                        s.trackingNumber(),
                        s.status().name(),
                        s.country(),
                        s.postalCode(),
                        s.city(),
                        utc(s.createdAt()),
                        utc(nextStepAt))
                .update();
    }

    Optional<Shipment> find(String id) {
        return jdbc.sql("SELECT * FROM shipments WHERE id = ?")
                .param(id)
                .query(Shipments::shipment)
                .optional();
    }

    Optional<Shipment> findByOrder(String orderId) {
        return jdbc.sql("SELECT * FROM shipments WHERE order_id = ?")
                .param(orderId)
                .query(Shipments::shipment)
                .optional();
    }

    /** Moves a shipment on if it is still in {@code from}; false if someone else moved it first. */
    boolean advance(String id, Shipment.Status from, Shipment.Status to, Instant nextStepAt) {
        return jdbc.sql("UPDATE shipments SET status = ?, next_step_at = ? WHERE id = ? AND status = ?")
                        .params(to.name(), utc(nextStepAt), id, from.name())
                        .update()
                == 1;
    }

    List<Shipment> due(Instant now, int limit) {
        return jdbc.sql(
                        "SELECT * FROM shipments WHERE status <> 'DELIVERED' AND next_step_at <= ? ORDER BY next_step_at LIMIT ?")
                .params(utc(now), limit)
                .query(Shipments::shipment)
                .list();
    }

    List<Shipment> assignTo(String courierId, int limit) {
        List<Shipment> free = jdbc.sql(
                        "SELECT * FROM shipments WHERE courier_id IS NULL AND status <> 'DELIVERED' ORDER BY created_at LIMIT ?")
                .param(limit)
                .query(Shipments::shipment)
                .list();
        return free.stream()
                .filter(s -> jdbc.sql("UPDATE shipments SET courier_id = ? WHERE id = ? AND courier_id IS NULL")
                                .params(courierId, s.id())
                                .update()
                        == 1)
                .toList();
    }

    void addEvent(Shipment.TrackingEvent event) {
        jdbc.sql(
                        "INSERT INTO tracking_events (shipment_id, sequence, status, occurred_at, description) VALUES (?, ?, ?, ?, ?)")
                .params(
                        event.shipmentId(),
                        event.sequence(),
                        event.status().name(),
                        utc(event.occurredAt()),
                        event.description())
                .update();
    }

    List<Shipment.TrackingEvent> events(String shipmentId, long afterSequence) {
        return jdbc.sql("SELECT * FROM tracking_events WHERE shipment_id = ? AND sequence > ? ORDER BY sequence")
                .params(shipmentId, afterSequence)
                .query((rs, row) -> new Shipment.TrackingEvent(
                        rs.getString("shipment_id"),
                        rs.getLong("sequence"),
                        Shipment.Status.valueOf(rs.getString("status")),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getString("description")))
                .list();
    }

    private static Shipment shipment(ResultSet rs, int row) throws SQLException {
        return new Shipment(
                rs.getString("id"),
                rs.getString("order_id"),
                rs.getString("tracking_number"),
                Shipment.Status.valueOf(rs.getString("status")),
                rs.getString("country"),
                rs.getString("postal_code"),
                rs.getString("city"),
                rs.getString("courier_id"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
