/**
 * The order aggregate and everything that changes it: placing (priced from {@code catalog},
 * arranged through {@code fulfilment}, recorded through {@code idempotency}), reading, listing by
 * cursor and cancelling, over REST; then paying ({@link dev.orderflow.orders.order.PaymentFlow},
 * through {@code payment}) and shipping ({@link dev.orderflow.orders.order.ShipmentFlow}, through
 * {@code fulfilment}) and refunding ({@link dev.orderflow.orders.order.RefundController} over REST,
 * {@link dev.orderflow.orders.order.RefundFlow} to the bank through {@code refund}). The {@link
 * dev.orderflow.orders.order.Order} guards its transitions, its {@link dev.orderflow.orders.order.Refund}s
 * and their totals, and registers its {@link dev.orderflow.orders.order.OrderEvent}s; {@link
 * dev.orderflow.orders.order.Orders} saves all of them. May use {@code catalog}, {@code fulfilment},
 * {@code idempotency}, {@code payment} and {@code refund}; nothing uses it but {@code events}.
 */
package dev.orderflow.orders.order;
