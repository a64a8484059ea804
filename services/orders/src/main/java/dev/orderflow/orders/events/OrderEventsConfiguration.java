package dev.orderflow.orders.events;

import dev.orderflow.orders.order.OrderEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * How order events leave the orders service: Spring Modulith's event publication registry is the
 * transactional outbox (table {@code event_publication}, written in the transaction of the change)
 * and its Kafka externalization publishes each event after the commit, as a CloudEvent in binary
 * mode, keyed by order id, onto the topic declared by {@link OrderEventsTopic}. The CloudEvents
 * SDK's Kafka binding writes the record (the {@code ce_*} headers and the data); Modulith sends it
 * as a message whose payload is those bytes.
 *
 * <p>Delivery is at least once: a publication stays in the registry until Kafka acknowledged it.
 * One that failed (broker down longer than the producer's delivery timeout) is resubmitted every
 * few seconds; one left behind by a crash is republished when the service starts again
 * ({@code spring.modulith.events.republish-outstanding-events-on-restart}). The events reach the
 * producer in commit order through {@link OrderEventsPublisher}.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventsConfiguration {

    static final URI SOURCE = URI.create("/orderflow/orders");

    // Modulith's event listener factory needs this while the bean factory is still being set up:
    // static (no instance of this class needed then), and the JsonMapper is looked up at the first
    // event (built that early, it would miss its settings: no snake_case anywhere).
    @Bean
    static EventExternalizationConfiguration orderEventsExternalization(
            OrderEventsTopic.Properties topic, ObjectProvider<JsonMapper> json) {
        return EventExternalizationConfiguration.externalizing()
                .selectByType(OrderEvent.class)
                .route(OrderEvent.class, event -> RoutingTarget.forTarget(topic.topic())
                        .andKey(event.orderId().toString()))
                .mapping(OrderEvent.class, event -> toMessage(toCloudEvent(event, json.getObject()), topic.topic()))
                .build();
    }

    /** Publications that failed (Kafka unreachable for longer than the delivery timeout), again. */
    @Bean
    SchedulingConfigurer failedPublicationsRetry(FailedEventPublications failed, PublicationProperties properties) {
        return tasks -> tasks.addFixedDelayTask(
                () -> failed.resubmit(ResubmissionOptions.defaults().withBatchSize(500)),
                properties.resubmitInterval());
    }

    /** The Kafka record the CloudEvents binding writes for the event, as a Spring message. */
    static Message<byte[]> toMessage(CloudEvent event, String topic) {
        ProducerRecord<String, byte[]> record =
                KafkaMessageFactory.createWriter(topic, event.getSubject()).writeBinary(event);
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(record.value());
        for (Header header : record.headers()) {
            message.setHeader(header.key(), header.value());
        }
        return message.build();
    }

    static CloudEvent toCloudEvent(OrderEvent event, JsonMapper json) {
        return CloudEventBuilder.v1()
                .withId(event.eventId().toString())
                .withSource(SOURCE)
                .withType(event.type().cloudEventType())
                .withSubject(event.orderId().toString())
                .withTime(event.occurredAt().atOffset(ZoneOffset.UTC))
                .withExtension("ordersequence", event.sequence())
                .withDataContentType("application/json")
                .withData(json.writeValueAsBytes(data(event)))
                .build();
    }

    /** The record value: the contract's payload of the event's type. */
    static Map<String, Object> data(OrderEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order_id", event.orderId());
        data.put("customer_id", event.customerId());
        data.put("sequence", event.sequence());
        if (event.oldStatus() != null) {
            data.put("old_status", event.oldStatus());
        }
        data.put("new_status", event.newStatus());
        data.put("occurred_at", event.occurredAt());
        if (event.placed() != null) {
            data.put("items", event.placed().items());
            data.put("shipping", event.placed().shipping());
            data.put("total", event.placed().total());
            data.put("shipping_address", event.placed().shippingAddress());
        }
        if (event.payment() != null) {
            data.put("payment", event.payment());
        }
        if (event.shipment() != null) {
            data.put("shipment", event.shipment());
        }
        if (event.reason() != null) {
            data.put("reason", event.reason());
        }
        if (event.refundDue() != null) {
            data.put("refund_due", event.refundDue());
        }
        if (event.refund() != null) {
            data.put("refund", event.refund().refund());
            data.put("refunded", event.refund().refunded());
            data.put("refundable", event.refund().refundable());
        }
        return data;
    }
}
