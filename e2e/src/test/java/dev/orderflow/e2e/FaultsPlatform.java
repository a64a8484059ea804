package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The platform the fault tests share ({@link FaultsIT}, {@link RollingRestartIT}): one
 * {@code ./orderflow up} for all of them, stopped (and checked to stop cleanly) when the test run
 * ends. Inventory and shipping keep their data in PostgreSQL (Debian's server, run by test-support's
 * {@link PostgresServer}), and each has a second instance started here on other ports, sharing that
 * database; orders reaches both through an {@code addresses:///} target and balances across them.
 * A test gets it as a parameter of its {@code @BeforeAll} with {@code @ExtendWith(FaultsPlatform.Resolver.class)}.
 */
final class FaultsPlatform implements AutoCloseable {

    final LaunchedPlatform platform;
    private final Map<String, String> databases;
    private final Map<String, Integer> grpcPorts =
            Map.of("inventory", LaunchedPlatform.freePort(), "shipping", LaunchedPlatform.freePort());
    private final Map<String, Integer> httpPorts =
            Map.of("inventory", LaunchedPlatform.freePort(), "shipping", LaunchedPlatform.freePort());
    private final Map<String, Process> second = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FaultsPlatform() throws Exception {
        var postgres = PostgresServer.get();
        databases = Map.of("inventory", postgres.createDatabase(), "shipping", postgres.createDatabase());
        platform = LaunchedPlatform.start("faults", p -> {
            Map<String, String> env = new LinkedHashMap<>();
            // Nothing here needs the browser's way in or the traces: two JVMs fewer, whose start
            // and heal would take CPU from the services under test.
            env.put("ORDERFLOW_WITHOUT", "edge,zipkin");
            // The tests kill orders again and again within a minute of its last restart: with the
            // default cap the supervisor's backoff grows to 30 s, spent idle (10 minutes in the long
            // run). The backoff itself is SupervisorTest's; here a restart waits at most 2 s.
            env.put("ORDERFLOW_RESTART_MAX_DELAY", "2s");
            databases.forEach((service, url) -> {
                String prefix = "ORDERFLOW_" + service.toUpperCase() + "_DATASOURCE_";
                env.put(prefix + "URL", url);
                env.put(prefix + "USERNAME", "orderflow");
                env.put(prefix + "PASSWORD", "");
            });
            env.put("ORDERFLOW_INVENTORY_TARGET", target(p.inventoryPort, grpcPorts.get("inventory")));
            env.put("ORDERFLOW_SHIPPING_TARGET", target(p.shippingPort, grpcPorts.get("shipping")));
            // The tests' clients place thousands of orders as one partner: a budget far above the
            // default 1,200 a minute (the rate limit is tested in orders' own tests).
            env.put("ORDERFLOW_ORDERS_RATELIMIT_CAPACITY", "1000000");
            // Ten JVMs, PostgreSQL and the clients share two cores, and a restarting JVM takes most
            // of them: orders' 500 ms deadline would measure the machine, not the restart. (The
            // deadline's own behaviour is tested in orders: ClientDeadlineTest, FulfilmentFaultsTest.)
            env.put("ORDERFLOW_ORDERS_FULFILMENT_INVENTORY_DEADLINE", "2s");
            env.put("ORDERFLOW_ORDERS_FULFILMENT_SHIPPING_DEADLINE", "2s");
            return env;
        });
        startSecond("inventory");
        startSecond("shipping");
    }

    private static String target(int first, int second) {
        return "addresses:///localhost:" + first + ",localhost:" + second;
    }

    /** The HTTP port (probes, metrics) of the launcher's instance of a service, or of the second. */
    int httpPort(String service, boolean secondInstance) {
        if (secondInstance) {
            return httpPorts.get(service);
        }
        return service.equals("inventory") ? platform.inventoryHttpPort : platform.shippingHttpPort;
    }

    /** Stops the second instance gracefully (SIGTERM) and starts a new one on the same ports. */
    void restartSecond(String service) throws Exception {
        Process process = second.get(service);
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        startSecond(service);
    }

    /** The second instance, as the launcher starts the first: the same jar and settings, other ports. */
    private void startSecond(String service) throws Exception {
        Path jar = platform.home.resolve("services/" + service + "/target/orderflow-" + service + ".jar");
        var builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        platform.data.resolve("logs/" + service + "-second.log").toFile()));
        var env = builder.environment();
        env.put("SPRING_PROFILES_ACTIVE", "embedded");
        env.put("ORDERFLOW_DATA_DIR", platform.data.resolve(service + "-second").toString());
        env.put("ORDERFLOW_IDENTITY_ISSUER", "http://localhost:" + platform.identityPort);
        env.put("ORDERFLOW_IDENTITY_JWKS_URI", "http://localhost:" + platform.identityPort + "/oauth2/jwks");
        env.put("ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + platform.kafkaPort);
        env.put("SPRING_DATASOURCE_URL", databases.get(service));
        env.put("SPRING_DATASOURCE_USERNAME", "orderflow");
        env.put("SPRING_DATASOURCE_PASSWORD", "");
        String prefix = "ORDERFLOW_" + service.toUpperCase();
        env.put(prefix + "_PORT", String.valueOf(grpcPorts.get(service)));
        env.put(prefix + "_HTTP_PORT", String.valueOf(httpPorts.get(service)));
        if (service.equals("shipping")) {
            env.put("ORDERFLOW_SHIPPING_STEP_INTERVAL", "PT1S");
        }
        Process process = builder.start();
        second.put(service, process);
        URI readiness = URI.create("http://127.0.0.1:" + httpPorts.get(service) + "/actuator/health/readiness");
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .failFast(service + " (second instance) exited", () -> !process.isAlive())
                .until(() -> status(readiness) == 200);
    }

    /** gRPC calls the instance behind this HTTP port has served since it started (Spring gRPC's metrics). */
    long served(int httpPort) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return 0;
        }
        return response.body()
                .lines()
                .filter(line -> line.startsWith("grpc_server_seconds_count{") && !line.contains("grpc.health"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private int status(URI uri) {
        try {
            return http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws Exception {
        for (Process process : second.values()) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        platform.stop();
    }

    /** Gives a test class's {@code @BeforeAll} the shared platform, started by the first to ask. */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == FaultsPlatform.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(
                            FaultsPlatform.class,
                            key -> {
                                try {
                                    return new FaultsPlatform();
                                } catch (Exception e) {
                                    throw new IllegalStateException("the fault tests' platform did not start", e);
                                }
                            },
                            FaultsPlatform.class);
        }
    }
}
