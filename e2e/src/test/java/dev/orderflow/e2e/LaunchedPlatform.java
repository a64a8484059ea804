package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The real platform started the way a newcomer starts it ({@code ./orderflow up --fresh}), on free
 * ports with its own data folder under {@code e2e/target}, and stopped the way Ctrl-C stops it.
 */
final class LaunchedPlatform {

    static final List<String> COMPONENTS = List.of(
            "identity",
            "orders",
            "notifications",
            "analytics",
            "webhooks",
            "inventory",
            "shipping",
            "partners",
            "edge");

    final Path home;
    final Path data;
    final Path output;
    final int identityPort = freePort();
    final int ordersPort = freePort();
    final int notificationsPort = freePort();
    final int analyticsPort = freePort();
    final int webhooksPort = freePort();
    final int demoReceiverPort = freePort();
    final int kafkaPort = freePort();
    final int inventoryPort = freePort();
    final int inventoryHttpPort = freePort();
    final int shippingPort = freePort();
    final int shippingHttpPort = freePort();
    final int partnersPort = freePort();
    final int zipkinPort = freePort();
    final int edgePort = freePort();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Process launcher;

    private LaunchedPlatform(String name) {
        home = Path.of(System.getProperty("orderflow.home", ".."))
                .toAbsolutePath()
                .normalize();
        data = home.resolve("e2e/target/" + name + "-data");
        output = home.resolve("e2e/target/" + name + "-launcher.log");
        environment.put("ORDERFLOW_DATA_DIR", data.toString());
        environment.put("ORDERFLOW_IDENTITY_PORT", String.valueOf(identityPort));
        environment.put("ORDERFLOW_ORDERS_PORT", String.valueOf(ordersPort));
        environment.put("ORDERFLOW_NOTIFICATIONS_PORT", String.valueOf(notificationsPort));
        environment.put("ORDERFLOW_ANALYTICS_PORT", String.valueOf(analyticsPort));
        environment.put("ORDERFLOW_WEBHOOKS_PORT", String.valueOf(webhooksPort));
        environment.put("ORDERFLOW_DEMO_RECEIVER_PORT", String.valueOf(demoReceiverPort));
        environment.put("ORDERFLOW_KAFKA_PORT", String.valueOf(kafkaPort));
        environment.put("ORDERFLOW_INVENTORY_PORT", String.valueOf(inventoryPort));
        environment.put("ORDERFLOW_INVENTORY_HTTP_PORT", String.valueOf(inventoryHttpPort));
        environment.put("ORDERFLOW_SHIPPING_PORT", String.valueOf(shippingPort));
        environment.put("ORDERFLOW_SHIPPING_HTTP_PORT", String.valueOf(shippingHttpPort));
        environment.put("ORDERFLOW_SHIPPING_STEP_INTERVAL", "PT1S"); // the courier, fast
        environment.put("ORDERFLOW_PARTNERS_PORT", String.valueOf(partnersPort));
        environment.put("ORDERFLOW_ZIPKIN_PORT", String.valueOf(zipkinPort));
        environment.put("ORDERFLOW_EDGE_PORT", String.valueOf(edgePort));
    }

    /** {@code ./orderflow up --no-build --fresh}; returns once it printed "Orderflow is up". */
    static LaunchedPlatform start(String name) throws IOException {
        return start(name, platform -> Map.of());
    }

    /** As {@link #start(String)}, with more of the launcher's environment, made from the ports chosen. */
    static LaunchedPlatform start(String name, Function<LaunchedPlatform, Map<String, String>> environment)
            throws IOException {
        var platform = new LaunchedPlatform(name);
        platform.environment.putAll(environment.apply(platform));
        var builder = new ProcessBuilder(platform.home.resolve("orderflow").toString(), "up", "--no-build", "--fresh")
                .directory(platform.home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(platform.output.toFile());
        builder.environment().putAll(platform.environment);
        platform.launcher = builder.start();
        // Eight JVMs start at once on what may be two cores: measured 137 s here.
        await().atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the launcher exited: " + platform.output, () -> !platform.launcher.isAlive())
                .until(() -> platform.printed().contains("Orderflow is up"));
        return platform;
    }

    /** Stops it as Ctrl-C does and checks that every service and the broker stopped cleanly. */
    void stop() throws Exception {
        if (launcher == null) {
            return;
        }
        List<ProcessHandle> services = launcher.descendants().toList();
        List<String> started = processes();
        launcher.destroy(); // what Ctrl-C or SIGTERM does
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS))
                .as("launcher stops within 60 s")
                .isTrue();
        assertThat(services).as("every service process stopped").noneMatch(ProcessHandle::isAlive);
        String log = printed();
        for (String component : started) {
            assertThat(log).contains("%-13s stopped".formatted(component));
        }
    }

    /**
     * Every process the launcher supervises: the Kafka broker, Zipkin and the services, less what
     * {@code ORDERFLOW_WITHOUT} left out.
     */
    List<String> processes() {
        var without = List.of(environment.getOrDefault("ORDERFLOW_WITHOUT", "").split(","));
        var all = new java.util.ArrayList<String>(List.of("kafka", "zipkin"));
        all.addAll(COMPONENTS);
        all.removeAll(without);
        return List.copyOf(all);
    }

    String printed() throws IOException {
        return Files.readString(output);
    }

    URI edge() {
        return URI.create("http://localhost:" + edgePort);
    }

    URI identity() {
        return URI.create("http://localhost:" + identityPort);
    }

    /** A service's log (its JSON lines), as the launcher writes it. */
    Path log(String service) {
        return data.resolve("logs").resolve(service + ".log");
    }

    URI zipkin() {
        return URI.create("http://localhost:" + zipkinPort);
    }

    URI orders() {
        return URI.create("http://localhost:" + ordersPort);
    }

    /** An access token from identity's token endpoint (client credentials), as any client gets one. */
    String clientCredentials(String client, String secret, String scope) throws Exception {
        String basic =
                java.util.Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(identity().resolve("/oauth2/token"))
                                .header("Authorization", "Basic " + basic)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "grant_type=client_credentials&scope=" + scope.replace(" ", "+")))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(response.body())
                .get("access_token")
                .asText();
    }

    /** Where the SDK and the CLI find each service (ORDERFLOW_*_URL / _TARGET). */
    Map<String, String> clientEnvironment() {
        return Map.of(
                "ORDERFLOW_IDENTITY_URL", identity().toString(),
                "ORDERFLOW_ORDERS_URL", orders().toString(),
                "ORDERFLOW_NOTIFICATIONS_URL", "http://localhost:" + notificationsPort,
                "ORDERFLOW_ANALYTICS_URL", "http://localhost:" + analyticsPort,
                "ORDERFLOW_WEBHOOKS_URL", "http://localhost:" + webhooksPort,
                "ORDERFLOW_PARTNERS_URL", "http://localhost:" + partnersPort,
                "ORDERFLOW_INVENTORY_TARGET", "localhost:" + inventoryPort,
                "ORDERFLOW_SHIPPING_TARGET", "localhost:" + shippingPort,
                "ORDERFLOW_DEMO_RECEIVER_URL", "http://localhost:" + demoReceiverPort + "/");
    }

    /** Runs {@code ./orderflow <args>} against this platform; returns its exit code and output. */
    Run run(String... args) throws Exception {
        var command = new java.util.ArrayList<String>();
        command.add(home.resolve("orderflow").toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().putAll(clientEnvironment());
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), printed);
    }

    record Run(int exit, String output) {}

    /** A service as the launcher's supervisor last wrote it (data/orderflow.services). */
    record Supervised(long pid, String state, int restarts) {}

    Supervised supervised(String service) throws IOException {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(data.resolve("orderflow.services"))) {
            properties.load(reader);
        }
        return new Supervised(
                Long.parseLong(properties.getProperty(service + ".pid")),
                properties.getProperty(service + ".state"),
                Integer.parseInt(properties.getProperty(service + ".restarts")));
    }

    /** {@code kill -9} of the service's current process (SIGKILL: no shutdown hook, no graceful stop). */
    long kill9(String service) throws IOException {
        long pid = supervised(service).pid();
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(service + " is not running"));
        assertThat(launcher.descendants().map(ProcessHandle::pid))
                .as("%s was started by this test's launcher", service)
                .contains(pid);
        handle.destroyForcibly(); // SIGKILL on Linux
        return pid;
    }

    /** Sends a signal ({@code TERM}, {@code STOP}, {@code CONT}) to a process of this platform. */
    static void signal(String signal, long pid) throws Exception {
        var kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }

    /** Waits until the launcher has started the service again (a new pid) and it is ready. */
    Supervised awaitRestarted(String service, long killedPid, Duration within) {
        return await().atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> supervised(service),
                        s -> s.pid() != killedPid && s.state().equals("ready"));
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
