package dev.orderflow.notifications.feed;

import dev.orderflow.notifications.NotificationsProperties;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads every order event from Kafka into the {@link Hub}.
 *
 * <p>Each instance is its own consumer group (a random group id, no offsets committed), so with N
 * instances every instance receives every event and no connected client misses a push. When its
 * partitions are assigned it starts {@code warm-up} back in time, so the recent buffer already
 * holds what clients of a restarted instance need to resume.
 */
@Configuration(proxyBeanMethods = false)
class EventFeed implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private final Hub hub;
    private final NotificationsProperties properties;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    EventFeed(Hub hub, NotificationsProperties properties, JsonMapper json) {
        this.hub = hub;
        this.properties = properties;
        this.json = json;
    }

    @Bean
    KafkaMessageListenerContainer<String, byte[]> orderEventsListener(
            ConsumerFactory<String, byte[]> consumers, EventsTopic events) {
        var container = new ContainerProperties(events.topic());
        container.setObservationEnabled(true); // a consumer span per record, continuing the producer's trace
        container.setMessageListener((MessageListener<String, byte[]>) this::onRecord);
        container.setConsumerRebalanceListener(this);
        return new KafkaMessageListenerContainer<>(consumers, container);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        long since = clock.instant().minus(properties.warmUp()).toEpochMilli();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            if (hub.reads(partition.partition())) {
                // Assigned again (the consumer rejoined its group): go on where it stopped, so the
                // buffer stays gapless and nothing is pushed twice.
                consumer.seek(partition, hub.position().next(partition.partition()));
                continue;
            }
            OffsetAndTimestamp at = found.get(partition);
            long start = at != null ? at.offset() : ends.get(partition);
            consumer.seek(partition, start);
            hub.partitionStarted(partition.partition(), start);
        }
        log.info("Reading {} from {}", partitions, hub.position());
    }

    void onRecord(ConsumerRecord<String, byte[]> record) {
        OrderChange change;
        try {
            change = parse(record);
        } catch (RuntimeException e) {
            // Not an order event this service understands: skipped, never fatal for the stream.
            log.warn(
                    "Skipping record {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            hub.skip(record.partition(), record.offset());
            return;
        }
        if (!hub.publish(change)) {
            log.debug("Duplicate event {} at {}@{} dropped", change.eventId(), record.partition(), record.offset());
        }
    }

    /** The contract's common fields of every order event (order-events.yaml, OrderChange). */
    private OrderChange parse(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
        if (event.getData() == null) {
            throw new IllegalArgumentException("no data");
        }
        JsonNode data = json.readTree(event.getData().toBytes());
        return new OrderChange(
                UUID.fromString(event.getId()),
                event.getType(),
                UUID.fromString(required(data, "order_id")),
                required(data, "customer_id"),
                data.path("sequence").asLong(0),
                data.hasNonNull("old_status") ? data.get("old_status").asString() : null,
                required(data, "new_status"),
                event.getTime() != null ? event.getTime().toInstant() : Instant.ofEpochMilli(record.timestamp()),
                data.hasNonNull("refund") ? refund(data) : null,
                traceId(record),
                record.partition(),
                record.offset());
    }

    /**
     * The trace id of the change, from the record's W3C {@code traceparent} (order-events.yaml): the
     * trace of the request that made the change, which this consumer's span continues. Null when the
     * record carries none or a malformed one (a push is never refused for its trace).
     */
    private static String traceId(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader("traceparent");
        if (header == null) {
            return null;
        }
        Matcher traceparent = TRACEPARENT.matcher(new String(header.value(), StandardCharsets.US_ASCII));
        return traceparent.matches() && !traceparent.group(1).equals("0".repeat(32)) ? traceparent.group(1) : null;
    }

    private static OrderChange.Refund refund(JsonNode data) {
        JsonNode refund = data.get("refund");
        return new OrderChange.Refund(
                UUID.fromString(required(refund, "refund_id")),
                required(refund, "status"),
                amount(refund.path("amount")),
                amount(data.path("refunded")));
    }

    private static OrderChange.Amount amount(JsonNode money) {
        return new OrderChange.Amount(money.path("amount_minor").asLong(), required(money, "currency"));
    }

    private static String required(JsonNode data, String field) {
        if (!data.hasNonNull(field) || data.get(field).asString().isBlank()) {
            throw new IllegalArgumentException("no " + field);
        }
        return data.get(field).asString();
    }
}
