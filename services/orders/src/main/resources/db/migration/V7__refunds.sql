-- Refunds of paid orders, sent to the partner bank. The order keeps its totals (what the bank has
-- refunded, and what is requested but not settled yet) so that its refundable amount is checked
-- and reserved under the order's own optimistic lock.
ALTER TABLE orders ADD COLUMN refunded_minor BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE orders ADD COLUMN refund_pending_minor BIGINT DEFAULT 0 NOT NULL;

-- One row per refund. The id is chosen when the refund is requested and is also its refund id at
-- the bank, so every attempt (after a timeout, a lost answer, a crash) asks the bank for the same
-- refund, which the bank applies once. next_attempt_at is the job's to-do list: set while the
-- refund is REQUESTED, null once it is REFUNDED or FAILED.
CREATE TABLE refunds (
    id               UUID          NOT NULL PRIMARY KEY,
    order_id         UUID          NOT NULL REFERENCES orders (id),
    amount_minor     BIGINT        NOT NULL,
    currency         VARCHAR(3)    NOT NULL,
    reason           VARCHAR(1000),
    status           VARCHAR(16)   NOT NULL,
    failure_reason   VARCHAR(1000),
    -- What the bank last said of it: null until it answered (ACCEPTED, then polled until settled).
    bank_status      VARCHAR(16),
    attempts         INTEGER       DEFAULT 0 NOT NULL,
    next_attempt_at  TIMESTAMP(6) WITH TIME ZONE,
    last_error       VARCHAR(1000),
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX refunds_by_order ON refunds (order_id, created_at);
CREATE INDEX refunds_due ON refunds (next_attempt_at);
