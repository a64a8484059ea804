package dev.orderflow.launcher;

import dev.orderflow.kafka.broker.KafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/**
 * The platform's Kafka broker, run inside the launcher's own JVM (KRaft, one node) with its log under
 * {@code data/kafka}: started before the services, stopped after them.
 */
final class EmbeddedKafka {

    private final Platform platform;
    private final PrintStream out;
    private KafkaBroker broker;

    EmbeddedKafka(Platform platform, PrintStream out) {
        this.platform = platform;
        this.out = out;
    }

    void start(long startedNanos) {
        out.printf(
                "  %-13s starting (in the launcher, log %s)%n",
                "kafka", platform.logs().resolve("kafka.log"));
        try {
            broker = KafkaBroker.start(
                    platform.kafkaDir(),
                    platform.kafkaPort(),
                    // One broker: new topics get one replica; the services choose partitions and retention.
                    Map.of("default.replication.factor", "1", "min.insync.replicas", "1"));
        } catch (RuntimeException e) {
            throw new LauncherException(
                    "Kafka did not start (see " + platform.logs().resolve("kafka.log") + "): " + e.getMessage());
        }
        out.printf(
                "  %-13s ready in %4.1f s  %-24s%n",
                "kafka", (System.nanoTime() - startedNanos) / 1e9, platform.kafkaBootstrapServers());
    }

    synchronized void stop() {
        if (broker != null) {
            broker.stop();
            broker = null;
            out.printf("  %-13s stopped%n", "kafka");
        }
    }

    /** Is something accepting connections on the broker's port? (For status; no Kafka client needed.) */
    static boolean listening(Platform platform) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", platform.kafkaPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
