-- The payment provider's events as received (verified), once per event id.
CREATE TABLE payment_inbox (
    event_id     VARCHAR(100)  NOT NULL PRIMARY KEY,
    type         VARCHAR(64)   NOT NULL,
    payload      VARCHAR(30000) NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    processed_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX payment_inbox_unprocessed ON payment_inbox (processed_at, received_at);
