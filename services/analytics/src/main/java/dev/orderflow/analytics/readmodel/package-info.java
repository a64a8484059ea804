/**
 * The read model: every order event from Kafka applied once, in order of each order's sequence,
 * into analytics' own database ({@link dev.orderflow.analytics.readmodel.ReadModel}); how fresh it is
 * and waiting for versions a client has seen ({@link dev.orderflow.analytics.readmodel.Freshness});
 * the changes on the topic, for subscriptions on every instance ({@link
 * dev.orderflow.analytics.readmodel.LiveFeed} into {@link dev.orderflow.analytics.readmodel.Changes});
 * and rebuilding it from the topic. Knows no other feature.
 */
package dev.orderflow.analytics.readmodel;
