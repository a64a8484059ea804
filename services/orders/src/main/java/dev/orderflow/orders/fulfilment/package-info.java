/**
 * What an order needs from other services, as the domain sees it: a {@link
 * dev.orderflow.orders.fulfilment.Stockroom} (inventory) and a {@link
 * dev.orderflow.orders.fulfilment.Carrier} (shipping), their failures, and releases kept until
 * inventory takes them. The gRPC adapters live in {@code internal}, which no other feature uses.
 */
package dev.orderflow.orders.fulfilment;
