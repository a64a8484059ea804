package dev.orderflow.testing;

import dev.orderflow.kafka.broker.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * One real Kafka broker per test JVM (KRaft, in this process, on a free port), started on first use
 * and stopped when the JVM exits. Tests that must stop or restart a broker start their own with
 * {@link #startPrivate()}.
 */
public final class TestKafka {

    private static KafkaBroker shared;

    private TestKafka() {}

    /** {@code bootstrap.servers} of the shared broker. */
    public static synchronized String bootstrapServers() {
        if (shared == null) {
            shared = startPrivate();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-kafka-stop"));
        }
        return shared.bootstrapServers();
    }

    /**
     * Declares a topic as its owner would (orders declares the order events' topic in production);
     * one that exists already is fine.
     */
    public static void declareTopic(String bootstrapServers, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A broker of the caller's own, in a fresh directory under {@code target/}; the caller closes it. */
    public static KafkaBroker startPrivate() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-kafka")), "broker-");
            return KafkaBroker.start(dir, 0, Map.of("num.partitions", "6"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
