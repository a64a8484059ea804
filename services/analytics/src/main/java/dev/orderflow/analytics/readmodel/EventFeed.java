package dev.orderflow.analytics.readmodel;

import dev.orderflow.defaults.kafka.RecordListeners;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerAwareMessageListener;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

/**
 * Reads the order events into the {@link ReadModel}: one consumer group for all instances, each
 * record applied in its own transaction and its offset committed only after that transaction
 * ({@link RecordListeners}), so a crash in between replays the record and the read model
 * recognises it by its event id. A record that is not an order event at all is skipped and
 * counted; a database that fails is retried with backoff, never skipped.
 */
@Configuration(proxyBeanMethods = false)
class EventFeed {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

    private final ReadModel model;
    private final Freshness freshness;
    private final OrderEventReader reader;

    EventFeed(ReadModel model, Freshness freshness, OrderEventReader reader) {
        this.model = model;
        this.freshness = freshness;
        this.reader = reader;
    }

    @Bean
    KafkaMessageListenerContainer<String, byte[]> orderEventsListener(
            ConsumerFactory<String, byte[]> consumers, EventsTopic events) {
        return RecordListeners.applyingEachRecord(
                consumers, events.topic(), (ConsumerAwareMessageListener<String, byte[]>) this::onRecord);
    }

    private void onRecord(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        apply(record);
        long lag = consumer.currentLag(new TopicPartition(record.topic(), record.partition()))
                .orElse(0);
        freshness.lag(record.partition(), lag);
    }

    /** Applies one record (this feed and a rebuild alike); a failure of the database is thrown. */
    void apply(ConsumerRecord<String, byte[]> record) {
        OrderEvent event;
        try {
            event = reader.parse(record);
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
        } else if (outcome == ReadModel.Outcome.SKIPPED_UNKNOWN_TYPE) {
            log.info("Skipped event {} of a type this version does not know: {}", event.eventId(), event.type());
        }
    }
}
