package dev.orderflow.analytics.readmodel;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drops the read model and builds it again from the whole topic: the live feed stops (committing
 * what it applied), every table is emptied, each record from the beginning up to the end as it is
 * now is applied exactly as the live feed would, the group's offsets are set to that end, and the
 * live feed starts again from there. Same events, same code, same result: the rebuilt model equals
 * the live one (a test compares them).
 */
@Component
public class Rebuild {

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);
    private static final List<String> TABLES = List.of(
            "applied_events",
            "skipped_events",
            "order_items",
            "transitions",
            "refunds",
            "orders",
            "products",
            "customers",
            "daily_sales",
            "product_sales");

    private final KafkaMessageListenerContainer<String, byte[]> listener;
    private final ConsumerFactory<String, byte[]> consumers;
    private final EventsTopic topic;
    private final EventFeed feed;
    private final Freshness freshness;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    Rebuild(
            @Qualifier("orderEventsListener") KafkaMessageListenerContainer<String, byte[]> listener,
            ConsumerFactory<String, byte[]> consumers,
            EventsTopic topic,
            EventFeed feed,
            Freshness freshness,
            TransactionTemplate tx,
            JdbcClient jdbc) {
        this.listener = listener;
        this.consumers = consumers;
        this.topic = topic;
        this.feed = feed;
        this.freshness = freshness;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    /** @param records the records read and applied */
    public record Result(long records, long tookMillis) {}

    public synchronized Result run() {
        long started = System.nanoTime();
        listener.stop();
        long records = 0;
        try {
            tx.executeWithoutResult(status ->
                    TABLES.forEach(table -> jdbc.sql("DELETE FROM " + table).update()));
            freshness.reset();
            try (Consumer<String, byte[]> consumer = consumers.createConsumer()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic.topic()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                            feed.apply(record);
                            records++;
                        }
                    }
                }
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                end.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
                consumer.commitSync(commit);
            }
        } finally {
            listener.start();
        }
        long took = (System.nanoTime() - started) / 1_000_000;
        log.info("Read model rebuilt from {} records in {} ms", records, took);
        return new Result(records, took);
    }
}
