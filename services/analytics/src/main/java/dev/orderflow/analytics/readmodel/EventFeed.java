package dev.orderflow.analytics.readmodel;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerAwareMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the order events into the {@link ReadModel}: one consumer group for all instances, each
 * record applied in its own transaction and its offset committed only after that transaction
 * (Spring Kafka's record acknowledgement), so a crash in between replays the record and the
 * read model recognises it by its event id. A record that is not an order event at all is skipped
 * and counted; a database that fails is retried with backoff, never skipped (Spring Kafka's
 * {@link DefaultErrorHandler}).
 */
@Configuration(proxyBeanMethods = false)
class EventFeed {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

    private final ReadModel model;
    private final Freshness freshness;
    private final Changes changes;
    private final JsonMapper json;

    EventFeed(ReadModel model, Freshness freshness, Changes changes, JsonMapper json) {
        this.model = model;
        this.freshness = freshness;
        this.changes = changes;
        this.json = json;
    }

    @Bean
    KafkaMessageListenerContainer<String, byte[]> orderEventsListener(
            ConsumerFactory<String, byte[]> consumers, EventsTopic events) {
        var container = new ContainerProperties(events.topic());
        container.setAckMode(ContainerProperties.AckMode.RECORD);
        container.setMessageListener((ConsumerAwareMessageListener<String, byte[]>) this::onRecord);
        var listener = new KafkaMessageListenerContainer<>(consumers, container);
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000); // and no end: the read model waits for its database
        listener.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return listener;
    }

    private void onRecord(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        apply(record);
        long lag = consumer.currentLag(new TopicPartition(record.topic(), record.partition()))
                .orElse(0);
        freshness.lag(record.partition(), lag);
    }

    /** Applies one record (the live feed and a rebuild alike); a failure of the database is thrown. */
    void apply(ConsumerRecord<String, byte[]> record) {
        OrderEvent event;
        try {
            event = parse(record);
        } catch (RuntimeException e) {
            log.warn(
                    "Skipping record {}-{}@{}: not an order event ({})",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            model.skipped("unreadable");
            return;
        }
        ReadModel.Outcome outcome = model.apply(event);
        if (outcome == ReadModel.Outcome.APPLIED) {
            freshness.applied(event);
            changes.orderChanged(new Changes.OrderChanged(
                    event.orderId(),
                    event.customerId(),
                    OrderEvent.TYPE_PREFIX + event.type(),
                    event.sequence(),
                    event.newStatus(),
                    event.occurredAt()));
            if (event.type().equals("paid")
                    || event.type().equals("refunded")
                    || event.type().equals("placed")) {
                changes.salesChanged(new Changes.SalesChanged(
                        event.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate(), currency(event)));
            }
        } else if (outcome == ReadModel.Outcome.SKIPPED_UNKNOWN_TYPE) {
            log.info("Skipped event {} of a type this version does not know: {}", event.eventId(), event.type());
        }
    }

    /** The currency of the sales an event changed: a refund says it, a payment is in its order's. */
    private String currency(OrderEvent event) {
        JsonNode data = event.data();
        if (data.has("refund")) {
            return data.path("refund").path("amount").path("currency").asString();
        }
        return model.currency(event.orderId()).orElse(null);
    }

    /** The contract's common fields of every order event (order-events.yaml, OrderChange). */
    private OrderEvent parse(ConsumerRecord<String, byte[]> record) {
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
