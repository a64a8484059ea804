package dev.orderflow.orders.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How order events leave the outbox ({@link OrderEventRelay}).
 *
 * @param pollInterval how often the relay looks at the outbox when nothing woke it (events another
 *     instance left behind, a retry after a failed round)
 * @param batchSize at most this many outbox rows are read per round
 * @param ackTimeout how long a round waits for Kafka's acknowledgements; longer than the producer's
 *     {@code delivery.timeout.ms}, which fails a send first
 * @param drainTimeout at shutdown, how long the relay may still send what is in the outbox
 */
@ConfigurationProperties("orderflow.orders.events")
record PublicationProperties(
        @DefaultValue("PT1S") Duration pollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("PT40S") Duration ackTimeout,
        @DefaultValue("PT10S") Duration drainTimeout) {}
