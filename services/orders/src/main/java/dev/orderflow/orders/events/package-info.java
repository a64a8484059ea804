/**
 * How order events leave the service: a transactional outbox ({@code order_event_outbox}, written
 * in the transaction of each change) and its relay to Kafka, each order's events in sequence, as
 * CloudEvents onto the topic this service owns and declares. Uses {@code order} (the events);
 * nothing depends on it.
 */
package dev.orderflow.orders.events;
