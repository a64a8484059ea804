package dev.orderflow.analytics.readmodel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the order events are read from. Orders, the producer, declares the topic; a consumer that
 * starts first waits for it (the Kafka consumer keeps asking for the topic's metadata).
 *
 * @param topic {@code contracts/asyncapi/order-events.yaml}; {@code ORDERFLOW_EVENTS_TOPIC}
 */
@ConfigurationProperties("orderflow.events")
public record EventsTopic(@DefaultValue("orderflow.order-events") String topic) {}
