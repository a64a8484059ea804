package dev.orderflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformTest {

    @Test
    void usesTheDocumentedDefaultPortsAndDataFolder() {
        var platform = Platform.fromEnvironment(Map.of("ORDERFLOW_HOME", "/opt/orderflow"));

        assertThat(platform.services())
                .extracting(ServiceSpec::name)
                .containsExactly(
                        "identity",
                        "orders",
                        "notifications",
                        "analytics",
                        "webhooks",
                        "inventory",
                        "shipping",
                        "partners",
                        "edge");
        assertThat(platform.services())
                .extracting(ServiceSpec::port)
                .containsExactly(8081, 8082, 8083, 8084, 8086, 8091, 8092, 8085, 8080);
        assertThat(platform.services().getLast().environment())
                .containsEntry("ORDERFLOW_ORDERS_URL", "http://localhost:8082")
                .containsEntry("ORDERFLOW_NOTIFICATIONS_URL", "http://localhost:8083")
                .containsEntry("ORDERFLOW_ANALYTICS_URL", "http://localhost:8084")
                .containsEntry("ORDERFLOW_PSP_URL", "http://localhost:8085");
        assertThat(platform.services().getFirst().environment())
                .as("identity redirects browsers back to the edge")
                .containsEntry("ORDERFLOW_EDGE_PORT", "8080");
        assertThat(platform.services().get(5).ports()).containsExactly(8091, 9091);
        assertThat(platform.demoReceiverPort()).isEqualTo(8087);
        assertThat(platform.services().get(4).environment())
                .containsEntry("ORDERFLOW_DEMO_RECEIVER_URL", "http://localhost:8087/webhooks");
        assertThat(platform.kafkaBootstrapServers()).isEqualTo("127.0.0.1:9094");
        assertThat(platform.kafkaDir()).hasToString("/opt/orderflow/data/kafka");
        assertThat(platform.services()).allSatisfy(service -> assertThat(service.environment())
                .containsEntry("ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9094"));
        assertThat(platform.services().get(1).environment())
                .containsEntry("ORDERFLOW_INVENTORY_TARGET", "localhost:9091")
                .containsEntry("ORDERFLOW_SHIPPING_TARGET", "localhost:9092");
        assertThat(platform.dataDir()).hasToString("/opt/orderflow/data");
        assertThat(platform.services().get(1).environment())
                .containsEntry("ORDERFLOW_IDENTITY_JWKS_URI", "http://localhost:8081/oauth2/jwks")
                .containsEntry("SPRING_PROFILES_ACTIVE", "embedded");
    }

    @Test
    void takesPortsAndDataFolderFromTheEnvironment() {
        var platform = Platform.fromEnvironment(Map.of(
                "ORDERFLOW_HOME", "/opt/orderflow",
                "ORDERFLOW_DATA_DIR", "/var/lib/orderflow",
                "ORDERFLOW_IDENTITY_PORT", "9081",
                "ORDERFLOW_ORDERS_PORT", "9082",
                "ORDERFLOW_KAFKA_PORT", "19094"));

        assertThat(platform.services())
                .extracting(ServiceSpec::port)
                .containsExactly(9081, 9082, 8083, 8084, 8086, 8091, 8092, 8085, 8080);
        assertThat(platform.services().get(2).environment())
                .containsEntry("ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19094");
        assertThat(platform.dataDir()).hasToString("/var/lib/orderflow");
        assertThat(platform.services().get(1).environment())
                .containsEntry("ORDERFLOW_IDENTITY_ISSUER", "http://localhost:9081")
                .containsEntry("ORDERFLOW_DATA_DIR", "/var/lib/orderflow");
    }

    @Test
    void runsKafkaAndZipkinAsTheirOwnProcessesBeforeTheServices() {
        var platform = Platform.fromEnvironment(Map.of("ORDERFLOW_HOME", "/opt/orderflow"));

        assertThat(platform.supervised()).first().satisfies(kafka -> {
            assertThat(kafka.name()).isEqualTo("kafka");
            assertThat(kafka.mainClass()).isEqualTo(KafkaProcess.class.getName());
            assertThat(kafka.httpReadiness()).isFalse();
            assertThat(kafka.url()).isEqualTo("127.0.0.1:9094");
            assertThat(kafka.environment())
                    .containsEntry("ORDERFLOW_KAFKA_DIR", "/opt/orderflow/data/kafka")
                    .containsEntry("ORDERFLOW_KAFKA_PORT", "9094");
        });
        assertThat(platform.supervised().get(1)).satisfies(zipkin -> {
            assertThat(zipkin.name()).isEqualTo("zipkin");
            assertThat(zipkin.jar()).isEqualTo(Path.of("/opt/orderflow/launcher/target/zipkin/zipkin-server.jar"));
            assertThat(zipkin.readinessPath()).isEqualTo("/health");
            assertThat(zipkin.url()).isEqualTo("http://localhost:9411");
            assertThat(zipkin.environment()).containsEntry("QUERY_PORT", "9411").containsEntry("STORAGE_TYPE", "mem");
        });
        assertThat(platform.supervised().subList(2, platform.supervised().size()))
                .isEqualTo(platform.services());
        assertThat(platform.services()).allSatisfy(service -> assertThat(service.environment())
                .containsEntry("ORDERFLOW_ZIPKIN_ENDPOINT", "http://127.0.0.1:9411/api/v2/spans"));
    }

    @Test
    void pointsAServiceAtAnotherDatabaseAndOrdersAtSeveralInstances() {
        var platform = Platform.fromEnvironment(Map.of(
                "ORDERFLOW_HOME", "/opt/orderflow",
                "ORDERFLOW_INVENTORY_DATASOURCE_URL", "jdbc:postgresql://db/inventory",
                "ORDERFLOW_INVENTORY_DATASOURCE_USERNAME", "inventory",
                "ORDERFLOW_INVENTORY_TARGET", "addresses:///localhost:9091,localhost:9191"));

        assertThat(platform.services().get(5).environment())
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/inventory")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "inventory")
                .doesNotContainKey("SPRING_DATASOURCE_PASSWORD");
        assertThat(platform.services().get(6).environment()).doesNotContainKey("SPRING_DATASOURCE_URL");
        assertThat(platform.services().get(1).environment())
                .containsEntry("ORDERFLOW_INVENTORY_TARGET", "addresses:///localhost:9091,localhost:9191")
                .containsEntry("ORDERFLOW_SHIPPING_TARGET", "localhost:9092");
    }

    @Test
    void leavesOutTheEdgeAndZipkinWhenAskedAndReportsNoSpansWithoutZipkin() {
        var platform = Platform.fromEnvironment(
                Map.of("ORDERFLOW_HOME", "/opt/orderflow", "ORDERFLOW_WITHOUT", " Edge, zipkin "));

        assertThat(platform.supervised())
                .extracting(ServiceSpec::name)
                .containsExactly(
                        "kafka",
                        "identity",
                        "orders",
                        "notifications",
                        "analytics",
                        "webhooks",
                        "inventory",
                        "shipping",
                        "partners");
        assertThat(platform.without()).containsExactlyInAnyOrder("edge", "zipkin");
        assertThat(platform.services()).allSatisfy(service -> assertThat(service.environment())
                .containsEntry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "false"));

        var withoutEdge = Platform.fromEnvironment(Map.of("ORDERFLOW_WITHOUT", "edge"));
        assertThat(withoutEdge.infrastructure()).extracting(ServiceSpec::name).containsExactly("kafka", "zipkin");
        assertThat(withoutEdge.services()).allSatisfy(service -> assertThat(service.environment())
                .doesNotContainKey("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED"));
    }

    @Test
    void refusesToLeaveOutAServiceOthersNeed() {
        assertThatThrownBy(() -> Platform.fromEnvironment(Map.of("ORDERFLOW_WITHOUT", "edge,orders")))
                .isInstanceOf(LauncherException.class)
                .hasMessage("ORDERFLOW_WITHOUT: 'orders' cannot be left out; only edge and zipkin can"
                        + " (the other services need each other and Kafka)");
    }

    @Test
    void waitsAtMost30SecondsBeforeARestartUnlessToldOtherwise() {
        assertThat(Platform.fromEnvironment(Map.of()).restartMaxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(Platform.fromEnvironment(Map.of("ORDERFLOW_RESTART_MAX_DELAY", "2s"))
                        .restartMaxDelay())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(Platform.fromEnvironment(Map.of("ORDERFLOW_RESTART_MAX_DELAY", "500ms"))
                        .restartMaxDelay())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(Platform.fromEnvironment(Map.of("ORDERFLOW_RESTART_MAX_DELAY", "5"))
                        .restartMaxDelay())
                .isEqualTo(Duration.ofSeconds(5));
        var backoff = Supervisor.RestartPolicy.standard(Duration.ofSeconds(2)).backoff();
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(backoff.apply(attempt))
                    .as("restart %d in a row", attempt)
                    .isBetween(500L, 2_000L);
        }
        assertThatThrownBy(() -> Platform.fromEnvironment(Map.of("ORDERFLOW_RESTART_MAX_DELAY", "soon")))
                .isInstanceOf(LauncherException.class)
                .hasMessage(
                        "ORDERFLOW_RESTART_MAX_DELAY must be a positive duration such as 500ms, 2s or 1m, not 'soon'");
        assertThatThrownBy(() -> Platform.fromEnvironment(Map.of("ORDERFLOW_RESTART_MAX_DELAY", "0s")))
                .isInstanceOf(LauncherException.class);
    }

    @Test
    void refusesAPortThatIsNotANumber() {
        assertThatThrownBy(() -> Platform.fromEnvironment(Map.of("ORDERFLOW_ORDERS_PORT", "eighty")))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("ORDERFLOW_ORDERS_PORT");
    }

    @Test
    void rejectsAnUnknownCommandOrOptionWithExitCode2AndStartsNothing() throws Exception {
        for (List<String> args : List.of(List.of("start"), List.of("up", "--fast"))) {
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            var launcher = new Launcher(Platform.fromEnvironment(Map.of()), new PrintStream(out, true));

            int exit = launcher.run(args, new PrintStream(err, true));

            assertThat(exit).as("%s", args).isEqualTo(2);
            assertThat(err.toString()).contains("'" + args.getLast() + "'");
            assertThat(out.toString()).as("nothing was started").isEmpty();
        }
    }

    @Test
    void explainsEachCommandWithHelp() throws Exception {
        var out = new ByteArrayOutputStream();
        var launcher = new Launcher(Platform.fromEnvironment(Map.of()), new PrintStream(out, true));

        int exit = launcher.run(List.of("up", "--help"), System.err);

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--fresh").contains("--detach");
    }
}
