-- The trace of what caused the message (a W3C traceparent: the order change's, carried through
-- Kafka): every attempt to deliver it is made in that trace. Null when it was not traced.
ALTER TABLE messages ADD COLUMN trace_parent VARCHAR(55);
