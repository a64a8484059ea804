/**
 * Payments through the payment provider ({@code contracts/openapi/psp.yaml}), from Orderflow's side.
 * Today the receiving half: the provider's signed webhooks verified and kept in an inbox, once per
 * event id. Knows no other feature.
 */
package dev.orderflow.orders.payment;
