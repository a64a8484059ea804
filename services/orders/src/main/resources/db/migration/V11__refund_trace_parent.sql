-- The trace of the refund's request (a W3C traceparent): every call to the bank for it is made in
-- that trace. Null when it was not traced.
ALTER TABLE refunds ADD COLUMN trace_parent VARCHAR(55);
