/**
 * Per-caller rate limits of the API (Bucket4j), with RateLimit headers. Knows no other feature;
 * {@code web} installs the filter that runs after authentication.
 */
package dev.orderflow.orders.ratelimit;
