package dev.orderflow.orders.order;

/** {@code If-Match} named another version than the current one (RFC 9110 §13.1.1): a 412. */
class OrderChangedSinceRead extends RuntimeException {
    OrderChangedSinceRead(String current, String given) {
        super("The order's current ETag is " + current + ", not " + given + ".");
    }
}
