/**
 * The order aggregate and everything that changes it: placing (priced from {@code catalog},
 * arranged through {@code fulfilment}, recorded through {@code idempotency}), reading, listing by
 * cursor and cancelling, over REST; then paying ({@link dev.orderflow.orders.order.PaymentFlow},
 * through {@code payment}) and shipping ({@link dev.orderflow.orders.order.ShipmentFlow}, through
 * {@code fulfilment}). The {@link dev.orderflow.orders.order.Order} guards its transitions and
 * registers its {@link dev.orderflow.orders.order.OrderEvent}s; {@link dev.orderflow.orders.order.Orders}
 * saves both. May use {@code catalog}, {@code fulfilment}, {@code idempotency} and {@code payment};
 * nothing uses it but {@code events}.
 */
package dev.orderflow.orders.order;
