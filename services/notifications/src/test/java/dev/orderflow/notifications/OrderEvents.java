package dev.orderflow.notifications;

import dev.orderflow.testing.AsyncApiContract;
import dev.orderflow.testing.TestKafka;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes order events onto the topic exactly as the contract describes them (and as the orders
 * service writes them): CloudEvents in binary mode, keyed by order id. Each payload is checked
 * against {@code order-events.yaml} first, so these tests feed notifications nothing orders could not.
 */
final class OrderEvents implements AutoCloseable {

    static final String TOPIC = "orderflow.order-events";
    private static final AsyncApiContract contract = AsyncApiContract.orderEvents();

    private final KafkaProducer<String, byte[]> producer;

    OrderEvents(String bootstrapServers) {
        TestKafka.declareTopic(bootstrapServers, TOPIC, 6);
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** A cancellation (sequence 2) of an order of the customer; returns the event sent. */
    CloudEvent cancelled(UUID orderId, String customerId) {
        return send(event(orderId, customerId, 2, "AWAITING_PAYMENT", "CANCELLED", "dev.orderflow.order.cancelled"));
    }

    /** A refund of 1000 EUR minor units settled (sequence 7) on a delivered order of the customer. */
    CloudEvent refunded(UUID orderId, String customerId, UUID refundId) {
        OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC);
        String data =
                """
                {"order_id":"%s","customer_id":"%s","sequence":7,"old_status":"DELIVERED","new_status":"DELIVERED",\
                "occurred_at":"%s","refund":{"refund_id":"%s","amount":{"amount_minor":1000,"currency":"EUR"},\
                "status":"REFUNDED","reason":"returned"},"refunded":{"amount_minor":1000,"currency":"EUR"},\
                "refundable":{"amount_minor":2390,"currency":"EUR"},"refund_due":false}"""
                        .formatted(orderId, customerId, time, refundId);
        contract.assertPayload("OrderRefunded", data);
        return send(cloudEvent(orderId, 7, "dev.orderflow.order.refunded", time, data));
    }

    /** A status change with the given sequence (for long streams of one order). */
    CloudEvent changed(UUID orderId, String customerId, int sequence) {
        return send(event(orderId, customerId, sequence, "PAID", "FULFILLING", "dev.orderflow.order.status_changed"));
    }

    /** Many changes of one order at once (sent without waiting for each acknowledgement). */
    void burst(UUID orderId, String customerId, int firstSequence, int count) {
        for (int i = 0; i < count; i++) {
            CloudEvent event = event(
                    orderId, customerId, firstSequence + i, "PAID", "FULFILLING", "dev.orderflow.order.status_changed");
            producer.send(
                    KafkaMessageFactory.createWriter(TOPIC, event.getSubject()).writeBinary(event));
        }
        producer.flush();
    }

    /** A cancellation, as in {@link #cancelled}, sent in the trace of {@code traceparent} (its header). */
    CloudEvent cancelledInTrace(UUID orderId, String customerId, String traceparent) {
        CloudEvent event =
                event(orderId, customerId, 2, "AWAITING_PAYMENT", "CANCELLED", "dev.orderflow.order.cancelled");
        ProducerRecord<String, byte[]> record =
                KafkaMessageFactory.createWriter(TOPIC, event.getSubject()).writeBinary(event);
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
        return send(record, event);
    }

    CloudEvent send(CloudEvent event) {
        return send(KafkaMessageFactory.createWriter(TOPIC, event.getSubject()).writeBinary(event), event);
    }

    private CloudEvent send(ProducerRecord<String, byte[]> record, CloudEvent event) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return event;
    }

    static CloudEvent event(
            UUID orderId, String customerId, int sequence, String oldStatus, String newStatus, String type) {
        OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC);
        String data =
                """
                {"order_id":"%s","customer_id":"%s","sequence":%d,"old_status":"%s","new_status":"%s","occurred_at":"%s"%s}"""
                        .formatted(
                                orderId,
                                customerId,
                                sequence,
                                oldStatus,
                                newStatus,
                                time,
                                type.endsWith("cancelled") ? ",\"reason\":\"requested\",\"refund_due\":false" : "");
        contract.assertPayload(type.endsWith("cancelled") ? "OrderCancelled" : "OrderStatusChanged", data);
        return cloudEvent(orderId, sequence, type, time, data);
    }

    private static CloudEvent cloudEvent(UUID orderId, int sequence, String type, OffsetDateTime time, String data) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/orderflow/orders"))
                .withType(type)
                .withSubject(orderId.toString())
                .withTime(time)
                .withExtension("ordersequence", sequence)
                .withDataContentType("application/json")
                .withData(data.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @Override
    public void close() {
        producer.close();
    }
}
