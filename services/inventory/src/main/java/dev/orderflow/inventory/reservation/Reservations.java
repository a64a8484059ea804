package dev.orderflow.inventory.reservation;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Reservations {

    private final JdbcClient jdbc;

    Reservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Fails with DuplicateKeyException if the id exists: the reservation id is the idempotency key. */
    void insert(Reservation reservation, Instant now) {
        jdbc.sql(
                        """
                INSERT INTO reservations (id, state, fingerprint, created_at, expires_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(
                        reservation.id(),
                        reservation.state().name(),
                        reservation.fingerprint(),
                        utc(now),
                        utc(reservation.expiresAt()),
                        utc(now))
                .update();
        for (Reservation.Line line : reservation.lines()) {
            jdbc.sql("INSERT INTO reservation_lines (reservation_id, sku, quantity) VALUES (?, ?, ?)")
                    .params(reservation.id(), line.sku(), line.quantity())
                    .update();
        }
    }

    Optional<Reservation> find(String id) {
        List<Reservation.Line> lines = jdbc.sql(
                        "SELECT sku, quantity FROM reservation_lines WHERE reservation_id = ? ORDER BY sku")
                .param(id)
                .query((rs, row) -> new Reservation.Line(rs.getString("sku"), rs.getInt("quantity")))
                .list();
        return jdbc.sql("SELECT * FROM reservations WHERE id = ?")
                .param(id)
                .query((rs, row) -> new Reservation(
                        rs.getString("id"),
                        Reservation.State.valueOf(rs.getString("state")),
                        lines,
                        rs.getString("fingerprint"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** Moves a reservation from one state to another; false if it was not in {@code from} (someone else moved it). */
    boolean transition(String id, Reservation.State from, Reservation.State to, Instant now) {
        return jdbc.sql("UPDATE reservations SET state = ?, updated_at = ? WHERE id = ? AND state = ?")
                        .params(to.name(), utc(now), id, from.name())
                        .update()
                == 1;
    }

    List<String> heldAndExpired(Instant now, int limit) {
        return jdbc.sql(
                        "SELECT id FROM reservations WHERE state = 'HELD' AND expires_at < ? ORDER BY expires_at LIMIT ?")
                .params(utc(now), limit)
                .query(String.class)
                .list();
    }
}
