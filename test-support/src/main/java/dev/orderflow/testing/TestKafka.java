package dev.orderflow.testing;

import dev.orderflow.kafka.broker.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
