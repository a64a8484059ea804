-- Runs unchanged on H2 (embedded default) and PostgreSQL (production).

CREATE TABLE shipments (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    -- CreateShipment is idempotent by order id.
    order_id         VARCHAR(36)  NOT NULL UNIQUE,
    tracking_number  VARCHAR(32)  NOT NULL UNIQUE,
    status           VARCHAR(32)  NOT NULL,
    country          CHAR(2)      NOT NULL,
    postal_code      VARCHAR(20)  NOT NULL,
    city             VARCHAR(100) NOT NULL,
    courier_id       VARCHAR(64),
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    next_step_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE INDEX shipments_by_next_step ON shipments (status, next_step_at);

CREATE TABLE tracking_events (
    shipment_id  VARCHAR(36)  NOT NULL REFERENCES shipments (id),
    sequence     BIGINT       NOT NULL,
    status       VARCHAR(32)  NOT NULL,
    occurred_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    description  VARCHAR(200) NOT NULL,
    PRIMARY KEY (shipment_id, sequence)
);
