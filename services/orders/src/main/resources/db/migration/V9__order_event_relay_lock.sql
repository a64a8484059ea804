-- One row: the outbox relay of whichever orders instance holds it (SELECT ... FOR UPDATE SKIP
-- LOCKED, for one round) sends; the others wait. Several relays would each send the same rows.
CREATE TABLE order_event_relay_lock (
    id INT PRIMARY KEY
);
INSERT INTO order_event_relay_lock (id) VALUES (1);
