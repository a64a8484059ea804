/**
 * The simulated payment provider (Stripe-like, {@code contracts/openapi/psp.yaml}): accounts and
 * their API keys, payment intents and their test payment methods, and the events of every change.
 * Knows nothing of Orderflow beyond its contract.
 */
package dev.orderflow.partners.psp;
