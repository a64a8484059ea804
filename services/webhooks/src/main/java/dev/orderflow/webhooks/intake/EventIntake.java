package dev.orderflow.webhooks.intake;

import dev.orderflow.defaults.kafka.RecordListeners;
import dev.orderflow.webhooks.endpoint.Endpoints;
import dev.orderflow.webhooks.message.Messages;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code orderflow.order-events} (consumer group {@code webhooks}) and stores one message per
 * order event, with a delivery for every endpoint that receives its type, before the record's
 * offset is committed ({@link RecordListeners}): a crash in between reads the record again, and the
 * message id, derived from the event id, makes the second store a no-op. A record that is not an
 * order event is skipped; a database that fails is retried with backoff, never skipped.
 */
@Configuration(proxyBeanMethods = false)
class EventIntake {

    private static final Logger log = LoggerFactory.getLogger(EventIntake.class);
    private static final String TYPE_PREFIX = "dev.orderflow.order.";

    private final Endpoints endpoints;
    private final Messages messages;
    private final JsonMapper json;
    private final Clock clock;

    EventIntake(Endpoints endpoints, Messages messages, JsonMapper json, Clock clock) {
        this.endpoints = endpoints;
        this.messages = messages;
        this.json = json;
        this.clock = clock;
    }

    @Bean
    KafkaMessageListenerContainer<String, byte[]> orderEventsIntake(
            ConsumerFactory<String, byte[]> consumers,
            @Value("${orderflow.events.topic:orderflow.order-events}") String topic) {
        return RecordListeners.applyingEachRecord(consumers, topic, (MessageListener<String, byte[]>) this::onRecord);
    }

    /** A message made of an order event, and when the event happened. */
    private record FromEvent(Messages.Message message, Instant happened) {}

    void onRecord(ConsumerRecord<String, byte[]> record) {
        FromEvent event;
        try {
            event = message(record);
        } catch (RuntimeException e) {
            log.warn(
                    "Skipping record {}-{}@{}: not an order event ({})",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        // An endpoint gets what happened after it was registered, never an older event that a
        // consumer reads late (a new consumer group, a lagging partition).
        List<Messages.Target> targets = endpoints.receiving(event.message().type()).stream()
                .filter(endpoint -> !endpoint.createdAt().isAfter(event.happened()))
                .map(endpoint -> new Messages.Target(endpoint.id(), endpoint.enabled()))
                .toList();
        messages.store(event.message(), targets);
    }

    /** The payload is Standard Webhooks' {type, timestamp, data}: data is the event's, unchanged. */
    private FromEvent message(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
        if (event.getData() == null || !event.getType().startsWith(TYPE_PREFIX)) {
            throw new IllegalArgumentException("no order event data");
        }
        JsonNode data = json.readTree(event.getData().toBytes());
        String type = "order." + event.getType().substring(TYPE_PREFIX.length());
        Instant time = event.getTime() != null ? event.getTime().toInstant() : Instant.ofEpochMilli(record.timestamp());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type);
        payload.put("timestamp", time.toString());
        payload.put("data", data);
        String orderId = data.path("order_id").asString(null);
        if (orderId == null) {
            throw new IllegalArgumentException("no order_id");
        }
        return new FromEvent(
                new Messages.Message(
                        Messages.idForEvent(UUID.fromString(event.getId())),
                        type,
                        orderId,
                        null,
                        json.writeValueAsString(payload),
                        clock.instant()),
                time);
    }
}
