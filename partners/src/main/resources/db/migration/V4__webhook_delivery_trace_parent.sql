-- The trace of the request that caused the event (a W3C traceparent, e.g. a payment's confirm
-- call): every attempt of its webhook is sent in that trace. Null when it was not traced.
ALTER TABLE psp_webhook_deliveries ADD COLUMN trace_parent VARCHAR(55);
