-- Runs unchanged on H2 (embedded default) and PostgreSQL (production).

-- available never goes below zero: reservations take stock with a conditional UPDATE
-- (available >= quantity) and the CHECK is the last line of defence against overselling.
CREATE TABLE stock (
    sku         VARCHAR(16) NOT NULL PRIMARY KEY,
    available   BIGINT      NOT NULL CHECK (available >= 0),
    reserved    BIGINT      NOT NULL CHECK (reserved >= 0),
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE TABLE reservations (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    state        VARCHAR(16)  NOT NULL,
    -- SHA-256 of the requested lines, to tell a repeat from a conflicting reuse of the id.
    fingerprint  CHAR(64),
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE INDEX reservations_held_by_expiry ON reservations (state, expires_at);

CREATE TABLE reservation_lines (
    reservation_id  VARCHAR(64) NOT NULL REFERENCES reservations (id),
    sku             VARCHAR(16) NOT NULL,
    quantity        INTEGER     NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (reservation_id, sku)
);
