-- Stock reservation and shipping quote, recorded on the order (orders placed before have none).
ALTER TABLE orders ADD COLUMN reservation_id VARCHAR(64);
ALTER TABLE orders ADD COLUMN shipping_minor BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE orders ADD COLUMN shipping_eta_days INTEGER;
ALTER TABLE orders ADD COLUMN estimated_delivery TIMESTAMP(6) WITH TIME ZONE;

-- Releases of reservations that inventory could not take yet; retried until they succeed.
CREATE TABLE pending_releases (
    reservation_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
