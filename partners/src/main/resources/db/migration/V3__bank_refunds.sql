-- The partner bank: refunds it was asked for, by the caller's refund id (de-duplicated), and the
-- WS-Security nonces it has seen (a replayed message is refused, across restarts and instances).
CREATE TABLE bank_refunds (
    refund_id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    payment_reference  VARCHAR(70)   NOT NULL,
    amount             BIGINT        NOT NULL,
    currency           CHAR(3)       NOT NULL,
    reason             VARCHAR(500),
    status             VARCHAR(16)   NOT NULL,
    rejection_code     VARCHAR(40),
    requested_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    settle_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    settled_at         TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX bank_refunds_by_payment ON bank_refunds (payment_reference);
CREATE INDEX bank_refunds_by_request ON bank_refunds (requested_at, refund_id);
CREATE INDEX bank_refunds_to_settle ON bank_refunds (status, settle_at);

CREATE TABLE bank_nonces (
    nonce       VARCHAR(200) NOT NULL PRIMARY KEY,
    expires_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX bank_nonces_by_expiry ON bank_nonces (expires_at);
