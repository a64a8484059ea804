/**
 * The catalog: products and their prices, read page by page over REST ({@code /api/products}).
 * Uses nothing of the other features; {@code order} prices its lines from it.
 */
package dev.orderflow.orders.catalog;
