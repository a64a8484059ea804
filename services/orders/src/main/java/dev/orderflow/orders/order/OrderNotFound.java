package dev.orderflow.orders.order;

import java.util.UUID;

/** No such order, or one the caller may not see (the two look the same, so ids cannot be probed). */
class OrderNotFound extends RuntimeException {
    OrderNotFound(UUID id) {
        super("No order " + id + ".");
    }
}
