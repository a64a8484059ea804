package dev.orderflow.orders.payment;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.time.Clock;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The provider's events as received, one row per event id: the receiver acknowledges once the row
 * is committed, and processing works from here, so a webhook is never lost once acknowledged and a
 * repeated delivery never has a second effect.
 */
@Repository
class PaymentInbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    PaymentInbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Keeps the event; false when its id was received before (nothing changes then). */
    boolean receive(String eventId, String type, String payload) {
        // A repeat is the common case under at-least-once delivery: answered by the statement (0 rows),
        // not by an exception; the primary key still decides when two copies race.
        try {
            return jdbc.sql(
                                    """
                            INSERT INTO payment_inbox (event_id, type, payload, received_at)
                            SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM payment_inbox WHERE event_id = ?)""")
                            .params(eventId, type, payload, utc(clock.instant()), eventId)
                            .update()
                    == 1;
        } catch (DuplicateKeyException alreadyReceived) {
            return false;
        }
    }
}
