package dev.orderflow.kafka.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real, single-node Kafka broker in KRaft mode (broker and controller in one process) running
 * inside the calling JVM, its log kept in a directory of its own so that data survives a restart.
 *
 * <p>Why hand-written: Kafka ships no embeddable broker as a library. spring-kafka-test's
 * {@code EmbeddedKafkaKraftBroker} formats fresh temporary directories on every start, so it can
 * neither keep {@code ./data/kafka} across restarts of the platform nor restart a broker on the same
 * port and log, which the tests of per-order ordering across a broker restart need. This class
 * does what Kafka's own {@code kafka-storage format} and {@code kafka-server-start} do, and nothing
 * more: format the directory once, then run {@link KafkaRaftServer}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CONTROLLER = "CONTROLLER";

    private final Path dataDir;
    private final int port;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    private KafkaBroker(Path dataDir, int port, Map<String, String> overrides) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * Formats the directory if it is new, starts the broker on 127.0.0.1:{@code port} (0 picks a
     * free port, kept across {@link #restart()}) and returns once it answers clients.
     */
    public static KafkaBroker start(Path dataDir, int port, Map<String, String> overrides) {
        KafkaBroker broker = new KafkaBroker(dataDir, port == 0 ? freePort() : port, overrides);
        broker.startServer();
        return broker;
    }

    public static KafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the broker cleanly and starts it again on the same port with the same log. */
    public synchronized void restart() {
        stop();
        startServer();
    }

    /** Starts a {@link #stop() stopped} broker again on the same port with the same log. */
    public synchronized void startAgain() {
        if (server == null) {
            startServer();
        }
    }

    /** Stops the broker (a controlled shutdown: logs flushed, clients told). */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startServer() {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The controller port is private to this process and may change between starts: the
        // voters are static configuration (not written into the log), so a new port is harmless.
        KafkaConfig config = KafkaConfig.fromProps(properties(freePort()), false);
        formatIfNew(config);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        awaitReady();
    }

    private Properties properties(int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", CONTROLLER);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        // One node: internal topics cannot have more than one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the new process can register its broker only once the controller (started
        // again with it, from the metadata log) let the dead incarnation's session lapse: 9 s by
        // default, which every client waited out after each restart (the log said
        // DUPLICATE_BROKER_REGISTRATION three times). Broker and controller are one process here,
        // with no network between them to be patient with: 5 s, a heartbeat a second.
        p.put("broker.session.timeout.ms", "5000");
        p.put("broker.heartbeat.interval.ms", "1000");
        // Topics are declared by the services that own them (partitions, retention), never
        // created as a side effect of a typo in a consumer's configuration.
        p.put("auto.create.topics.enable", "false");
        p.putAll(overrides);
        return p;
    }

    private void formatIfNew(KafkaConfig config) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName(CONTROLLER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the Kafka log directory " + dataDir, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000))) {
            while (true) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka did not become ready on " + bootstrapServers(), notYet);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
