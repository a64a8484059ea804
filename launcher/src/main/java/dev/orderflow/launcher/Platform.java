package dev.orderflow.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded platform: which services run, on which ports, with which settings. Every value comes
 * from the environment with a default that works on a laptop; later services join the list here.
 */
record Platform(
        Path home,
        Path dataDir,
        int kafkaPort,
        int zipkinPort,
        int demoReceiverPort,
        List<ServiceSpec> services,
        Set<String> without,
        Duration restartMaxDelay) {

    /**
     * What {@code ORDERFLOW_WITHOUT} may leave out: parts no other part needs to work. A smaller
     * platform for a smaller machine, and the fault tests' platform (they leave the CPU to the
     * services under test).
     */
    static final Set<String> OPTIONAL = Set.of("edge", "zipkin");

    static Platform fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("ORDERFLOW_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Path dataDir = home.resolve(env.getOrDefault("ORDERFLOW_DATA_DIR", "data"))
                .toAbsolutePath()
                .normalize();
        int identityPort = port(env, "ORDERFLOW_IDENTITY_PORT", 8081);
        int ordersPort = port(env, "ORDERFLOW_ORDERS_PORT", 8082);
        int notificationsPort = port(env, "ORDERFLOW_NOTIFICATIONS_PORT", 8083);
        int analyticsPort = port(env, "ORDERFLOW_ANALYTICS_PORT", 8084);
        int kafkaPort = port(env, "ORDERFLOW_KAFKA_PORT", 9094);
        int zipkinPort = port(env, "ORDERFLOW_ZIPKIN_PORT", 9411);
        int inventoryPort = port(env, "ORDERFLOW_INVENTORY_PORT", 9091);
        int inventoryHttpPort = port(env, "ORDERFLOW_INVENTORY_HTTP_PORT", 8091);
        int shippingPort = port(env, "ORDERFLOW_SHIPPING_PORT", 9092);
        int shippingHttpPort = port(env, "ORDERFLOW_SHIPPING_HTTP_PORT", 8092);
        int partnersPort = port(env, "ORDERFLOW_PARTNERS_PORT", 8085);
        int webhooksPort = port(env, "ORDERFLOW_WEBHOOKS_PORT", 8086);
        int demoReceiverPort = port(env, "ORDERFLOW_DEMO_RECEIVER_PORT", 8087);
        int edgePort = port(env, "ORDERFLOW_EDGE_PORT", 8080);
        String issuer = "http://localhost:" + identityPort;
        Set<String> without = without(env);

        Map<String, String> common = new LinkedHashMap<>();
        common.put("SPRING_PROFILES_ACTIVE", "embedded");
        common.put("ORDERFLOW_DATA_DIR", dataDir.toString());
        common.put("ORDERFLOW_IDENTITY_ISSUER", issuer);
        common.put("ORDERFLOW_IDENTITY_JWKS_URI", issuer + "/oauth2/jwks");
        common.put("ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
        common.put("ORDERFLOW_ZIPKIN_ENDPOINT", "http://127.0.0.1:" + zipkinPort + "/api/v2/spans");
        if (without.contains("zipkin")) {
            // still traced (trace ids in logs and Kafka headers), nothing reported
            common.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "false");
        }
        // identity's browser clients redirect back to the edge
        common.put("ORDERFLOW_EDGE_PORT", String.valueOf(edgePort));

        var identity = new ServiceSpec(
                "identity",
                home.resolve("services/identity/target/orderflow-identity.jar"),
                identityPort,
                "/actuator/health/readiness",
                with(common, Map.of("ORDERFLOW_IDENTITY_PORT", String.valueOf(identityPort))),
                "OAuth2 authorization server (token: /oauth2/token, JWKS: /oauth2/jwks)",
                "256m");
        var orders = new ServiceSpec(
                "orders",
                home.resolve("services/orders/target/orderflow-orders.jar"),
                ordersPort,
                "/actuator/health/readiness",
                with(
                        common,
                        Map.of(
                                "ORDERFLOW_ORDERS_PORT", String.valueOf(ordersPort),
                                // Several instances: addresses:///host:port,host:port (round robin)
                                "ORDERFLOW_INVENTORY_TARGET",
                                        env.getOrDefault("ORDERFLOW_INVENTORY_TARGET", "localhost:" + inventoryPort),
                                "ORDERFLOW_SHIPPING_TARGET",
                                        env.getOrDefault("ORDERFLOW_SHIPPING_TARGET", "localhost:" + shippingPort),
                                "ORDERFLOW_PSP_URL", "http://localhost:" + partnersPort,
                                "ORDERFLOW_BANK_URL", "http://localhost:" + partnersPort + "/bank/ws")),
                "REST API /api/products, /api/orders (Swagger UI: /swagger-ui.html)",
                "256m");
        // Notifications holds every open WebSocket and SSE connection: 10,000 of them fit in 512 MiB
        // (bench/WebSocketFanout measures it).
        var notifications = new ServiceSpec(
                "notifications",
                home.resolve("services/notifications/target/orderflow-notifications.jar"),
                notificationsPort,
                "/actuator/health/readiness",
                with(common, Map.of("ORDERFLOW_NOTIFICATIONS_PORT", String.valueOf(notificationsPort))),
                "live order events: WebSocket /ws, SSE /api/events and /api/orders/{id}/events",
                "512m");
        var analytics = new ServiceSpec(
                "analytics",
                home.resolve("services/analytics/target/orderflow-analytics.jar"),
                analyticsPort,
                "/actuator/health/readiness",
                with(common, Map.of("ORDERFLOW_ANALYTICS_PORT", String.valueOf(analyticsPort))),
                "GraphQL /graphql (HTTP and graphql-transport-ws), GraphiQL /graphiql",
                "256m");
        // gRPC services: the launcher probes their HTTP port (actuator); clients use the gRPC port.
        var inventory = new ServiceSpec(
                "inventory",
                home.resolve("services/inventory/target/orderflow-inventory.jar"),
                inventoryHttpPort,
                "/actuator/health/readiness",
                with(
                        common,
                        Map.of(
                                "ORDERFLOW_INVENTORY_PORT", String.valueOf(inventoryPort),
                                "ORDERFLOW_INVENTORY_HTTP_PORT", String.valueOf(inventoryHttpPort))),
                "gRPC orderflow.inventory.v1.InventoryService at localhost:" + inventoryPort,
                "256m");
        var shipping = new ServiceSpec(
                "shipping",
                home.resolve("services/shipping/target/orderflow-shipping.jar"),
                shippingHttpPort,
                "/actuator/health/readiness",
                with(
                        common,
                        Map.of(
                                "ORDERFLOW_SHIPPING_PORT", String.valueOf(shippingPort),
                                "ORDERFLOW_SHIPPING_HTTP_PORT", String.valueOf(shippingHttpPort),
                                // the simulated courier: one tracking step every few seconds, so a
                                // paid order is DELIVERED within a minute of the demo
                                "ORDERFLOW_SHIPPING_STEP_INTERVAL",
                                        env.getOrDefault("ORDERFLOW_SHIPPING_STEP_INTERVAL", "PT5S"))),
                "gRPC orderflow.shipping.v1.ShippingService at localhost:" + shippingPort,
                "256m");
        // The simulated third parties (today the payment provider): not Orderflow, but what it integrates with.
        var partners = new ServiceSpec(
                "partners",
                home.resolve("partners/target/orderflow-partners.jar"),
                partnersPort,
                "/actuator/health/readiness",
                with(
                        common,
                        Map.of(
                                "ORDERFLOW_PARTNERS_PORT", String.valueOf(partnersPort),
                                // where the payment provider's webhooks go
                                "ORDERFLOW_ORDERS_PORT", String.valueOf(ordersPort))),
                "simulated payment provider (/v1/payment_intents, /v1/events) and bank (SOAP, /bank/ws)",
                "256m");
        // Merchant webhooks; in the embedded default it registers the launcher's demo receiver.
        var webhooks = new ServiceSpec(
                "webhooks",
                home.resolve("services/webhooks/target/orderflow-webhooks.jar"),
                webhooksPort,
                "/actuator/health/readiness",
                with(
                        common,
                        Map.of(
                                "ORDERFLOW_WEBHOOKS_PORT", String.valueOf(webhooksPort),
                                "ORDERFLOW_DEMO_RECEIVER_URL", DemoReceiver.url(demoReceiverPort))),
                "merchant webhooks: /api/webhook-endpoints, JWKS /.well-known/jwks.json",
                "256m");
        // The browser's single origin: pages, sign-in, and the relays to the services above.
        var edge = new ServiceSpec(
                "edge",
                home.resolve("services/edge/target/orderflow-edge.jar"),
                edgePort,
                "/actuator/health/readiness",
                with(
                        common,
                        Map.of(
                                "ORDERFLOW_ORDERS_URL", "http://localhost:" + ordersPort,
                                "ORDERFLOW_NOTIFICATIONS_URL", "http://localhost:" + notificationsPort,
                                "ORDERFLOW_ANALYTICS_URL", "http://localhost:" + analyticsPort,
                                "ORDERFLOW_PSP_URL", "http://localhost:" + partnersPort,
                                "ORDERFLOW_ZIPKIN_URL", "http://127.0.0.1:" + zipkinPort,
                                "ORDERFLOW_ZIPKIN_UI_URL", "http://localhost:" + zipkinPort + "/zipkin")),
                "storefront and dashboard (sign in as alice, bob, carol or dan)",
                "256m");
        return new Platform(
                home,
                dataDir,
                kafkaPort,
                zipkinPort,
                demoReceiverPort,
                Stream.of(identity, orders, notifications, analytics, webhooks, inventory, shipping, partners, edge)
                        .filter(service -> !without.contains(service.name()))
                        .map(service -> service.withEnvironment(database(env, service.name())))
                        .toList(),
                without,
                duration(env, "ORDERFLOW_RESTART_MAX_DELAY", Duration.ofSeconds(30)));
    }

    /** {@code ORDERFLOW_WITHOUT=edge,zipkin}: the parts not to start (only {@link #OPTIONAL} ones). */
    private static Set<String> without(Map<String, String> env) {
        Set<String> without = new java.util.TreeSet<>();
        for (String name : env.getOrDefault("ORDERFLOW_WITHOUT", "").split(",")) {
            String part = name.trim().toLowerCase(java.util.Locale.ROOT);
            if (part.isEmpty()) {
                continue;
            }
            if (!OPTIONAL.contains(part)) {
                throw new LauncherException("ORDERFLOW_WITHOUT: '" + name.trim()
                        + "' cannot be left out; only " + String.join(" and ", new java.util.TreeSet<>(OPTIONAL))
                        + " can (the other services need each other and Kafka)");
            }
            without.add(part);
        }
        return Set.copyOf(without);
    }

    /**
     * A service's database: its own H2 file under the data folder by default;
     * {@code ORDERFLOW_<SERVICE>_DATASOURCE_URL} (with {@code _USERNAME}, {@code _PASSWORD}) points
     * it elsewhere — a PostgreSQL database, which several instances of it can share.
     */
    private static Map<String, String> database(Map<String, String> env, String service) {
        String prefix = "ORDERFLOW_" + service.toUpperCase() + "_DATASOURCE_";
        Map<String, String> database = new LinkedHashMap<>();
        for (String part : List.of("URL", "USERNAME", "PASSWORD")) {
            String value = env.get(prefix + part);
            if (value != null) {
                database.put("SPRING_DATASOURCE_" + part, value);
            }
        }
        return database;
    }

    /**
     * The embedded Kafka broker as the launcher runs it: its own JVM ({@link KafkaProcess}, from the
     * launcher's jar), ready once its port accepts connections.
     */
    ServiceSpec kafka() {
        return new ServiceSpec(
                "kafka",
                home.resolve("launcher/target/orderflow-launcher.jar"),
                kafkaPort,
                null,
                Map.of("ORDERFLOW_KAFKA_DIR", kafkaDir().toString(), "ORDERFLOW_KAFKA_PORT", String.valueOf(kafkaPort)),
                "embedded broker (KRaft), topic orderflow.order-events",
                "512m",
                KafkaProcess.class.getName());
    }

    /**
     * Zipkin, where every service reports its spans: the server's own executable jar (from Maven
     * Central, copied next to the launcher's by the build), in-memory storage, UI and API on one port.
     * In production the services point {@code ORDERFLOW_ZIPKIN_ENDPOINT} at a collector instead.
     */
    ServiceSpec zipkin() {
        return new ServiceSpec(
                "zipkin",
                home.resolve("launcher/target/zipkin/zipkin-server.jar"),
                zipkinPort,
                "/health",
                Map.of(
                        "QUERY_PORT", String.valueOf(zipkinPort),
                        "STORAGE_TYPE", "mem",
                        // the newest spans are kept; the oldest traces go first
                        "MEM_MAX_SPANS", "100000"),
                "traces of every request across the services (UI: /zipkin/, API: /api/v2)",
                "384m");
    }

    /** What the services need running before them and after them: the Kafka broker and Zipkin. */
    List<ServiceSpec> infrastructure() {
        return without.contains("zipkin") ? List.of(kafka()) : List.of(kafka(), zipkin());
    }

    /** Everything the launcher starts and supervises: the infrastructure first, then the services. */
    List<ServiceSpec> supervised() {
        var all = new java.util.ArrayList<ServiceSpec>(infrastructure());
        all.addAll(services);
        return List.copyOf(all);
    }

    /** The embedded Kafka broker's log directory (its topics survive a restart; --fresh removes them). */
    Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    Path logs() {
        return dataDir.resolve("logs");
    }

    Path pidFile() {
        return dataDir.resolve("orderflow.pid");
    }

    /** Each service's pid, state and restarts, as the running launcher's supervisor last wrote them. */
    Path servicesFile() {
        return dataDir.resolve("orderflow.services");
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, or a number of seconds. */
    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        var matcher = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)?").matcher(value.trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new LauncherException(
                    name + " must be a positive duration such as 500ms, 2s or 1m, not '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new LauncherException(name + " must be a port number, not '" + value + "'");
        }
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> extra) {
        var merged = new LinkedHashMap<>(base);
        merged.putAll(extra);
        return merged;
    }
}
