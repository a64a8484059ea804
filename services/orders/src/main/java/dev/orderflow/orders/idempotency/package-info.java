/**
 * The Idempotency-Key rules any write endpoint reuses ({@link
 * dev.orderflow.orders.idempotency.IdempotentRequests}) over the records kept in the database.
 * Knows no other feature.
 */
package dev.orderflow.orders.idempotency;
