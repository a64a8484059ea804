/**
 * Per-caller rate limits of the API (Bucket4j), with RateLimit headers. Knows no other feature;
 * {@code web} installs its filter.
 */
package dev.orderflow.orders.ratelimit;
