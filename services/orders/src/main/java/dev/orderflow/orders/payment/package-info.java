/**
 * The payment provider ({@code contracts/openapi/psp.yaml}) from Orderflow's side: its REST API
 * consumed ({@link dev.orderflow.orders.payment.PaymentProvider}, implemented in {@code internal}),
 * its signed webhooks verified and kept in an inbox once per event id, and reconciliation from its
 * event list into that inbox. It says what the provider said; what that means for an order is the
 * {@code order} feature's business. Knows no other feature.
 */
package dev.orderflow.orders.payment;
