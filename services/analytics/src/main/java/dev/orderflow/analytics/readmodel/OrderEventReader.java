package dev.orderflow.analytics.readmodel;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a Kafka record as an order event (a CloudEvent in binary mode); anything else is an exception. */
@Component
class OrderEventReader {

    private final JsonMapper json;

    OrderEventReader(JsonMapper json) {
        this.json = json;
    }

    /** The contract's common fields of every order event (order-events.yaml, OrderChange). */
    OrderEvent parse(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
        if (event.getData() == null || !event.getType().startsWith(OrderEvent.TYPE_PREFIX)) {
            throw new IllegalArgumentException("no order event data");
        }
        JsonNode data = json.readTree(event.getData().toBytes());
        Object sequence = event.getExtension("ordersequence");
        return new OrderEvent(
                UUID.fromString(event.getId()),
                event.getType().substring(OrderEvent.TYPE_PREFIX.length()),
                UUID.fromString(required(data, "order_id")),
                required(data, "customer_id"),
                sequence != null
                        ? Integer.parseInt(sequence.toString())
                        : data.path("sequence").asInt(),
                data.hasNonNull("old_status") ? data.get("old_status").asString() : null,
                required(data, "new_status"),
                event.getTime() != null ? event.getTime().toInstant() : Instant.ofEpochMilli(record.timestamp()),
                data);
    }

    private static String required(JsonNode data, String field) {
        if (!data.hasNonNull(field) || data.get(field).asString().isBlank()) {
            throw new IllegalArgumentException("no " + field);
        }
        return data.get(field).asString();
    }
}
