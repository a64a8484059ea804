/** The provider's REST client: timeouts, retries honouring Retry-After, a circuit breaker. Only {@code payment} sees it. */
package dev.orderflow.orders.payment.internal;
