package dev.orderflow.launcher;

import dev.orderflow.kafka.broker.KafkaBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded Kafka broker's own process (KRaft, one node, its log under {@code data/kafka}): the
 * launcher starts it as it starts a service, before them, supervises it (a broker killed with
 * {@code kill -9} is started again on the same port and log) and stops it after them. In its own
 * JVM rather than the launcher's so that it can fail alone, as a broker does in production.
 *
 * <p>Reads {@code ORDERFLOW_KAFKA_DIR} and {@code ORDERFLOW_KAFKA_PORT}; logs to
 * {@code <logs>/kafka.log} (the launcher's logback.xml, {@code -Dorderflow.logs}).
 */
final class KafkaProcess {

    private KafkaProcess() {}

    public static void main(String[] args) throws InterruptedException {
        var env = System.getenv();
        var broker = KafkaBroker.start(
                Path.of(env.get("ORDERFLOW_KAFKA_DIR")),
                Integer.parseInt(env.get("ORDERFLOW_KAFKA_PORT")),
                // One broker: new topics get one replica; the services choose partitions and retention.
                Map.of("default.replication.factor", "1", "min.insync.replicas", "1"));
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.stop(); // SIGTERM: a controlled shutdown, logs flushed
                            stopped.countDown();
                        },
                        "kafka-stop"));
        System.out.println("Kafka ready on " + broker.bootstrapServers());
        stopped.await();
    }
}
