/**
 * Partners' endpoints: registration (with Idempotency-Key), update, enable/disable, delete, secret
 * rotation and pings, over REST ({@link dev.orderflow.webhooks.endpoint.EndpointController}), and
 * the {@link dev.orderflow.webhooks.endpoint.Endpoints} store the other features read. Uses
 * message (pings), ssrf (URLs) and web.
 */
package dev.orderflow.webhooks.endpoint;
