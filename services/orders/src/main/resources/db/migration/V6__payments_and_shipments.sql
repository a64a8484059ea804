-- The order's payment at the provider and its shipment at shipping, and whether a paid order that
-- was cancelled still owes its customer a refund.
ALTER TABLE orders ADD COLUMN payment_intent_id VARCHAR(100);
ALTER TABLE orders ADD COLUMN payment_status VARCHAR(40);
ALTER TABLE orders ADD COLUMN payment_client_secret VARCHAR(200);
ALTER TABLE orders ADD COLUMN shipment_id VARCHAR(100);
ALTER TABLE orders ADD COLUMN tracking_number VARCHAR(40);
ALTER TABLE orders ADD COLUMN refund_due BOOLEAN DEFAULT FALSE NOT NULL;
-- The order workflow's scans: orders by status, oldest first.
CREATE INDEX orders_by_status_creation ON orders (status, created_at);

-- Inbox processing: an event whose order is not visible yet (or whose effect failed) is tried
-- again later; what processing concluded is kept for operators.
ALTER TABLE payment_inbox ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE payment_inbox ADD COLUMN next_attempt_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE payment_inbox ADD COLUMN outcome VARCHAR(300);

-- Reconciliation's cursor in the provider's event list: the last event id it has read.
CREATE TABLE psp_reconciliation (
    account        VARCHAR(40)  NOT NULL PRIMARY KEY,
    last_event_id  VARCHAR(100),
    updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- How far the order has followed its shipment's tracking stream (resumed with after_sequence).
CREATE TABLE shipment_tracking (
    order_id       UUID         NOT NULL PRIMARY KEY,
    shipment_id    VARCHAR(100) NOT NULL,
    last_sequence  BIGINT       NOT NULL,
    updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
