/**
 * The SSRF guard: which URLs an endpoint may have and which addresses a delivery may connect to
 * ({@link dev.orderflow.webhooks.ssrf.UrlGuard}), through a {@link
 * dev.orderflow.webhooks.ssrf.HostResolver} that tests replace. Knows no other feature.
 */
package dev.orderflow.webhooks.ssrf;
