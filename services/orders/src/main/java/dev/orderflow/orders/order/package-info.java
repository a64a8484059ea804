/**
 * The order aggregate and everything that changes it: placing (priced from {@code catalog},
 * arranged through {@code fulfilment}, recorded through {@code idempotency}), reading, listing by
 * cursor and cancelling, over REST. The {@link dev.orderflow.orders.order.Order} guards its
 * transitions and registers its {@link dev.orderflow.orders.order.OrderEvent}s;
 * {@link dev.orderflow.orders.order.Orders} saves both. May use {@code catalog}, {@code fulfilment}
 * and {@code idempotency}; nothing uses it but {@code events}.
 */
package dev.orderflow.orders.order;
