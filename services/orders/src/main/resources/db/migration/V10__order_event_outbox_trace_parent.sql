-- The trace of the change that stored the event (a W3C traceparent), continued by the relay and
-- carried to Kafka, so one trace goes from the request through the broker to every consumer.
-- Null when the change was not traced.
ALTER TABLE order_event_outbox ADD COLUMN trace_parent VARCHAR(55);
