package dev.orderflow.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what is written to a topic from the moment it is opened (every partition, no consumer
 * group), as raw records: tests see exactly the headers, key and value a consumer would get.
 */
public final class TopicReader implements AutoCloseable {

    /** One record: its partition and offset, key, headers (as text) and value (as text). */
    public record Received(int partition, long offset, String key, Map<String, String> headers, String value) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Received> received = new ArrayList<>();

    private TopicReader(String bootstrapServers, String topic, boolean fromBeginning) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.isEmpty()) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            if (partitions.isEmpty() && System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + topic + " does not exist");
            }
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, not at the first poll
        }
    }

    /** Reads what is written after this call. */
    public static TopicReader fromNow(String bootstrapServers, String topic) {
        return new TopicReader(bootstrapServers, topic, false);
    }

    /** Reads everything the topic holds, then what is written after. */
    public static TopicReader fromBeginning(String bootstrapServers, String topic) {
        return new TopicReader(bootstrapServers, topic, true);
    }

    /** Waits until {@code count} records matching the filter were read; returns every matching one so far. */
    public List<Received> await(int count, Predicate<Received> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matching(filter).size() < count && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(100));
        }
        return matching(filter);
    }

    /** Reads for a while and returns every matching record (to show that nothing more arrives). */
    public List<Received> during(Duration duration, Predicate<Received> filter) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(100));
        }
        return matching(filter);
    }

    private List<Received> matching(Predicate<Received> filter) {
        return received.stream().filter(filter).toList();
    }

    private void poll(Duration timeout) {
        consumer.poll(timeout).forEach(record -> {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            received.add(new Received(
                    record.partition(),
                    record.offset(),
                    record.key(),
                    headers,
                    record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
        });
    }

    @Override
    public void close() {
        consumer.close();
    }
}
