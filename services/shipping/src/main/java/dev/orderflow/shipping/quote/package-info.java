/**
 * Shipping prices and delivery estimates. Knows no other feature.
 */
package dev.orderflow.shipping.quote;
