package dev.orderflow.bench;

import dev.orderflow.testing.OrderEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How fast a consumer group applies order events, against a running platform (./orderflow up):
 * analytics' read model by default. Each order's whole life (placed, payment updated, paid, shipment
 * created, shipped, delivered: six events) is built before the clock starts, then written to the
 * order-events topic as orders writes it (CloudEvents in binary mode, keyed by the order id); the
 * clock stops when the group has committed past every one of them. Analytics commits offsets only
 * after the records' transactions, so a committed offset is an applied event. A first round of
 * a quarter of the size, not counted, warms the consumers up. Usage:
 * {@code ./mvnw -q -pl bench toolchains:select-jdk-toolchain exec:exec -Dbench=ReadModelIngest -Dbench.args="2000 analytics"}
 * (orders, the consumer group — analytics, webhooks —, and the broker, 127.0.0.1:9094 by default).
 */
public final class ReadModelIngest {

    private static final Duration AT_MOST = Duration.ofMinutes(20);

    private ReadModelIngest() {}

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        String group = args.length > 1 ? args[1] : "analytics";
        String kafka = args.length > 2 ? args[2] : "127.0.0.1:9094";
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
                var producer = new KafkaProducer<>(
                        Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            run("warm-up", admin, producer, group, orders / 4);
            run("measured", admin, producer, group, orders);
        }
    }

    private static void run(String label, Admin admin, KafkaProducer<String, byte[]> producer, String group, int orders)
            throws Exception {
        List<ProducerRecord<String, byte[]>> records = lives(orders);
        long start = System.nanoTime();
        for (var record : records) {
            producer.send(record);
        }
        producer.flush();
        double written = (System.nanoTime() - start) / 1e9;
        Map<TopicPartition, Long> ends = endOffsets(admin);
        long behind;
        try {
            behind = org.awaitility.Awaitility.await()
                    .atMost(AT_MOST)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> behind(admin, group, ends), left -> left == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            behind = behind(admin, group, ends);
        }
        double applied = (System.nanoTime() - start) / 1e9;
        if (behind > 0) {
            System.out.printf(
                    "%s: %d events (%d orders) written in %.1f s; %s still %d behind after %d minutes%n",
                    label, records.size(), orders, written, group, behind, AT_MOST.toMinutes());
        } else {
            System.out.printf(
                    "%s: %d events (%d orders) written in %.1f s; %s applied them all %.1f s after the first was"
                            + " written: %.0f events/s%n",
                    label, records.size(), orders, written, group, applied, records.size() / applied);
        }
    }

    /** Six events per order, each as orders writes it to the topic. */
    private static List<ProducerRecord<String, byte[]>> lives(int orders) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(orders * 6);
        for (int n = 0; n < orders; n++) {
            var life =
                    new OrderEvents.Life("bench-" + (n % 50), "ACC-00" + (1 + n % 3), 1 + n % 4, 1990, Instant.now());
            for (var event : List.of(
                    life.placed(),
                    life.paymentUpdated(),
                    life.paid(),
                    life.shipmentCreated(),
                    life.shipped(),
                    life.delivered())) {
                records.add(OrderEvents.record(OrderEvents.TOPIC, event, "dev.orderflow.order." + event.type()));
            }
        }
        return records;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        var partitions = admin
                .describeTopics(List.of(OrderEvents.TOPIC))
                .allTopicNames()
                .get()
                .get(OrderEvents.TOPIC)
                .partitions()
                .stream()
                .map(info -> new TopicPartition(OrderEvents.TOPIC, info.partition()))
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        return admin.listOffsets(partitions).all().get().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    /** Events of the topic up to {@code ends} the group has not committed yet. */
    private static long behind(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        long behind = 0;
        for (var end : ends.entrySet()) {
            var offset = committed.get(end.getKey());
            behind += Math.max(0, end.getValue() - (offset == null ? 0 : offset.offset()));
        }
        return behind;
    }
}
