/**
 * How order events leave the service: Spring Modulith's publication registry as the outbox and
 * its Kafka externalization, as CloudEvents, onto the topic this service owns and declares. Uses
 * {@code order} (the events); nothing depends on it.
 */
package dev.orderflow.orders.events;
