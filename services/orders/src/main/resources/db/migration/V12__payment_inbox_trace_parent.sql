-- The trace of the provider's webhook call that delivered the event (a W3C traceparent, continuing
-- the payment's confirm at the provider): processing the event, and the order change it makes, go
-- on in that trace. Null when it was not traced.
ALTER TABLE payment_inbox ADD COLUMN trace_parent VARCHAR(55);
