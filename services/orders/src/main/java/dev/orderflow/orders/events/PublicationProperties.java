package dev.orderflow.orders.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How order events leave the outbox.
 *
 * @param resubmitInterval how often publications that failed are tried again
 * @param drainTimeout at shutdown, how long the publisher may still hand events to Kafka
 */
@ConfigurationProperties("orderflow.orders.events")
record PublicationProperties(
        @DefaultValue("PT5S") Duration resubmitInterval, @DefaultValue("PT10S") Duration drainTimeout) {}
