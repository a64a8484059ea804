/**
 * Delivery: the {@link dev.orderflow.webhooks.delivery.Dispatcher} that sends due messages (signed,
 * ordered per order, capped per endpoint and in all, retried on a schedule with jitter, honouring
 * Retry-After), the operational events it raises, and the delivery log and replay over REST. Uses
 * endpoint, message, signing, ssrf and web.
 */
package dev.orderflow.webhooks.delivery;
