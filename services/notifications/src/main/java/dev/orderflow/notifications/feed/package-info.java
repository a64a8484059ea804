/**
 * Order events from Kafka: the consumer, the recent buffer, stream positions and the {@link
 * dev.orderflow.notifications.feed.Hub} where events meet {@link
 * dev.orderflow.notifications.feed.Subscriber}s. Knows no transport and no other feature.
 */
package dev.orderflow.notifications.feed;
