-- Runs unchanged on H2 (embedded default) and PostgreSQL (production).

CREATE TABLE products (
    sku          VARCHAR(16)   NOT NULL PRIMARY KEY,
    name         VARCHAR(200)  NOT NULL,
    description  VARCHAR(1000) NOT NULL,
    price_minor  BIGINT        NOT NULL CHECK (price_minor >= 0),
    currency     CHAR(3)       NOT NULL
);

CREATE TABLE orders (
    id                UUID          NOT NULL PRIMARY KEY,
    customer_id       VARCHAR(100)  NOT NULL,
    status            VARCHAR(32)   NOT NULL,
    ship_name         VARCHAR(100)  NOT NULL,
    ship_line1        VARCHAR(200)  NOT NULL,
    ship_line2        VARCHAR(200),
    ship_city         VARCHAR(100)  NOT NULL,
    ship_postal_code  VARCHAR(20)   NOT NULL,
    ship_country      CHAR(2)       NOT NULL,
    currency          CHAR(3)       NOT NULL,
    subtotal_minor    BIGINT        NOT NULL,
    total_minor       BIGINT        NOT NULL,
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version           INTEGER       NOT NULL
);

-- Keyset pagination walks (created_at, id) newest first, for everyone and per customer.
CREATE INDEX orders_by_creation ON orders (created_at DESC, id DESC);
CREATE INDEX orders_by_customer_creation ON orders (customer_id, created_at DESC, id DESC);

CREATE TABLE order_lines (
    order_id          UUID          NOT NULL REFERENCES orders (id),
    line_no           INTEGER       NOT NULL,
    sku               VARCHAR(16)   NOT NULL,
    name              VARCHAR(200)  NOT NULL,
    quantity          INTEGER       NOT NULL CHECK (quantity > 0),
    unit_price_minor  BIGINT        NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- draft-ietf-httpapi-idempotency-key-header: one row per (caller, key) while it is retained.
CREATE TABLE idempotency_records (
    caller           VARCHAR(300)  NOT NULL,
    idempotency_key  VARCHAR(255)  NOT NULL,
    fingerprint      CHAR(64)      NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    response_status  INTEGER,
    response_body    TEXT,
    location         VARCHAR(500),
    etag             VARCHAR(100),
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);

CREATE INDEX idempotency_records_by_expiry ON idempotency_records (expires_at);
