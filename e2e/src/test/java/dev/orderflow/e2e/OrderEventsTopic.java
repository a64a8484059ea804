package dev.orderflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The order-events topic as a test reads it: from its first offset, once. Each {@link #readToEnd()}
 * continues where the last one stopped and reads up to the offsets the topic ends at now, so a check
 * that waits for events to arrive reads each record once (a whole-topic read of ~170,000 events on
 * every poll of a wait was slower than the wait itself in the long broker run).
 */
final class OrderEventsTopic implements AutoCloseable {

    static final String NAME = "orderflow.order-events";

    /** One order event on the topic: its per-order sequence and its CloudEvents type. */
    record Event(long sequence, String type) {}

    private final ObjectMapper json = new ObjectMapper();
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Map<String, List<Event>> events = new HashMap<>();

    OrderEventsTopic(int kafkaPort) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "127.0.0.1:" + kafkaPort,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5_000),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        partitions = consumer.partitionsFor(NAME).stream()
                .map(p -> new TopicPartition(NAME, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every order's events, in the order they are on the topic, up to where the topic ends now. */
    Map<String, List<Event>> readToEnd() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            for (var record : consumer.poll(Duration.ofMillis(500))) {
                JsonNode data = parse(record.value());
                var type = record.headers().lastHeader("ce_type");
                events.computeIfAbsent(data.get("order_id").asText(), id -> new ArrayList<>())
                        .add(new Event(
                                data.get("sequence").asLong(),
                                type == null ? "" : new String(type.value(), StandardCharsets.UTF_8)));
            }
        }
        return Collections.unmodifiableMap(events);
    }

    private JsonNode parse(byte[] value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
