package dev.orderflow.orders.order;

import java.util.UUID;

/** No such refund of this order (or of an order the caller may not see). */
class RefundNotFound extends RuntimeException {
    RefundNotFound(UUID orderId, UUID refundId) {
        super("Order " + orderId + " has no refund " + refundId + ".");
    }
}
