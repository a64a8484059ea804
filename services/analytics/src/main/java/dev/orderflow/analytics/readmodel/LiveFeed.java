package dev.orderflow.analytics.readmodel;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import tools.jackson.databind.JsonNode;

/**
 * What subscriptions see: every order event on the topic, whichever instance applies it. The read
 * model's own group shares the partitions between instances, so it alone would show a subscriber
 * only what its instance applied; this second consumer is a group of its own per instance (as
 * notifications' is), from the newest event on, and it hands an event to subscribers once the
 * shared read model has applied it (waiting up to two seconds, so that a subscriber reading the
 * order sees at least that version). Best effort, like every live push: a slow subscriber loses
 * updates rather than hold up anything, and can always query.
 */
@Configuration(proxyBeanMethods = false)
class LiveFeed {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final Duration APPLIED_WAIT = Duration.ofSeconds(2);

    private final OrderEventReader reader;
    private final Freshness freshness;
    private final ReadModel model;
    private final Changes changes;

    LiveFeed(OrderEventReader reader, Freshness freshness, ReadModel model, Changes changes) {
        this.reader = reader;
        this.freshness = freshness;
        this.model = model;
        this.changes = changes;
    }

    /**
     * Ready once the live consumer holds its partitions: it starts at the newest event, so before
     * that a change could reach nobody (the readiness group includes this).
     */
    @Bean
    HealthIndicator liveFeedHealthIndicator(
            @Qualifier("liveChangesListener") KafkaMessageListenerContainer<String, byte[]> liveChangesListener) {
        return () -> liveChangesListener.getAssignedPartitions() == null
                        || liveChangesListener.getAssignedPartitions().isEmpty()
                ? Health.outOfService().withDetail("partitions", 0).build()
                : Health.up()
                        .withDetail(
                                "partitions",
                                liveChangesListener.getAssignedPartitions().size())
                        .build();
    }

    @Bean
    KafkaMessageListenerContainer<String, byte[]> liveChangesListener(
            ConsumerFactory<String, byte[]> consumers, EventsTopic events) {
        var container = new ContainerProperties(events.topic());
        container.setObservationEnabled(true); // a consumer span per record, continuing the producer's trace
        container.setGroupId("analytics-live-" + UUID.randomUUID());
        // Nothing to resume: a subscriber wants what happens from now on.
        container.getKafkaConsumerProperties().put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        container.setMessageListener((MessageListener<String, byte[]>) this::onRecord);
        return new KafkaMessageListenerContainer<>(consumers, container);
    }

    private void onRecord(ConsumerRecord<String, byte[]> record) {
        OrderEvent event;
        try {
            event = reader.parse(record);
        } catch (RuntimeException unreadable) {
            return; // the read model's feed counts it
        }
        if (!ReadModel.KNOWN.contains(event.type())) {
            return;
        }
        try {
            if (!freshness.awaitVersions(Map.of(event.orderId(), event.sequence()), APPLIED_WAIT)) {
                log.debug("Event {} not applied within {}; pushed anyway", event.eventId(), APPLIED_WAIT);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return;
        }
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
            String currency = currency(event);
            if (currency != null) {
                changes.salesChanged(new Changes.SalesChanged(
                        event.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate(), currency));
            }
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
}
