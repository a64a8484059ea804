-- The trace of the order's last change (a W3C traceparent). The work the order's status makes due
-- later (its payment intent, its shipment, following its shipment) goes on in that trace: placing
-- is followed by its intent, paying by the shipment and the courier's steps. Null when not traced.
ALTER TABLE orders ADD COLUMN trace_parent VARCHAR(55);
