-- The analytics read model, folded from the order events (order-events.yaml). Everything here can be
-- dropped and rebuilt by replaying the topic (POST /admin/read-model/rebuild).

-- Every event applied, by its CloudEvent id: an event delivered again is recognised and skipped.
CREATE TABLE applied_events (
    event_id    UUID         NOT NULL PRIMARY KEY,
    order_id    UUID         NOT NULL,
    type        VARCHAR(200) NOT NULL,
    sequence    INTEGER      NOT NULL,
    applied_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Event types this version does not know, counted (they are skipped, never fatal).
CREATE TABLE skipped_events (
    type   VARCHAR(200) NOT NULL PRIMARY KEY,
    count  BIGINT       NOT NULL
);

-- One row per order. version is the sequence of the newest event applied to its state: an older
-- event never overwrites a newer state. listed_at orders the lists: when it was placed, or, until its
-- placed event arrives, when it was first seen.
CREATE TABLE orders (
    id                  UUID          NOT NULL PRIMARY KEY,
    customer_id         VARCHAR(100)  NOT NULL,
    status              VARCHAR(30)   NOT NULL,
    version             INTEGER       NOT NULL,
    currency            VARCHAR(3),
    total_minor         BIGINT,
    shipping_minor      BIGINT,
    payment_intent_id   VARCHAR(100),
    payment_status      VARCHAR(40),
    shipment_id         VARCHAR(100),
    tracking_number     VARCHAR(100),
    refunded_minor      BIGINT        DEFAULT 0 NOT NULL,
    ship_name           VARCHAR(400),
    ship_line1          VARCHAR(800),
    ship_line2          VARCHAR(800),
    ship_city           VARCHAR(400),
    ship_postal_code    VARCHAR(80),
    ship_country        VARCHAR(2),
    placed_at           TIMESTAMP(6) WITH TIME ZONE,
    paid_at             TIMESTAMP(6) WITH TIME ZONE,
    delivered_at        TIMESTAMP(6) WITH TIME ZONE,
    fulfilment_seconds  DOUBLE PRECISION,
    -- Whether its payment is in the daily sales yet (a paid event can arrive before the placed one).
    sales_counted       BOOLEAN       DEFAULT FALSE NOT NULL,
    listed_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX orders_listed ON orders (listed_at, id);
CREATE INDEX orders_by_customer ON orders (customer_id, listed_at, id);
CREATE INDEX orders_by_status ON orders (status);

CREATE TABLE order_items (
    order_id          UUID         NOT NULL,
    line_no           INTEGER      NOT NULL,
    sku               VARCHAR(40)  NOT NULL,
    quantity          INTEGER      NOT NULL,
    unit_price_minor  BIGINT       NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_items_by_sku ON order_items (sku);

-- Products as the newest event naming them said.
CREATE TABLE products (
    sku          VARCHAR(40)   NOT NULL PRIMARY KEY,
    name         VARCHAR(400),
    price_minor  BIGINT        NOT NULL,
    currency     VARCHAR(3)    NOT NULL,
    seen_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE TABLE customers (
    id              VARCHAR(100)  NOT NULL PRIMARY KEY,
    order_count     INTEGER       NOT NULL,
    first_order_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Each status change of each order.
CREATE TABLE transitions (
    order_id     UUID          NOT NULL,
    sequence     INTEGER       NOT NULL,
    from_status  VARCHAR(30),
    to_status    VARCHAR(30)   NOT NULL,
    event_type   VARCHAR(200)  NOT NULL,
    at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (order_id, sequence)
);

CREATE TABLE refunds (
    id              UUID          NOT NULL PRIMARY KEY,
    order_id        UUID          NOT NULL,
    amount_minor    BIGINT        NOT NULL,
    currency        VARCHAR(3)    NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    reason          VARCHAR(1000),
    failure_reason  VARCHAR(1000),
    sequence        INTEGER       NOT NULL,
    updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX refunds_by_order ON refunds (order_id);

-- Daily aggregates (UTC days): payments counted on the day they were paid, refunds on the day they settled.
CREATE TABLE daily_sales (
    sales_day      DATE        NOT NULL,
    currency       VARCHAR(3)  NOT NULL,
    orders         INTEGER     NOT NULL,
    units          INTEGER     NOT NULL,
    revenue_minor  BIGINT      NOT NULL,
    refunds_minor  BIGINT      NOT NULL,
    PRIMARY KEY (sales_day, currency)
);

CREATE TABLE product_sales (
    sales_day      DATE         NOT NULL,
    sku            VARCHAR(40)  NOT NULL,
    currency       VARCHAR(3)   NOT NULL,
    units          INTEGER      NOT NULL,
    revenue_minor  BIGINT       NOT NULL,
    PRIMARY KEY (sales_day, sku, currency)
);
