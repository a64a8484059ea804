package dev.orderflow.sdk;

import java.net.URI;
import java.util.Map;

/**
 * Where each Orderflow service is. {@link #localhost()} is what {@code ./orderflow up} runs;
 * {@link #fromEnvironment} reads {@code ORDERFLOW_<SERVICE>_URL} (and {@code _TARGET} for gRPC).
 */
public record Endpoints(
        URI identity,
        URI orders,
        URI notifications,
        URI analytics,
        URI webhooks,
        URI partners,
        String inventory,
        String shipping) {

    public static Endpoints localhost() {
        return new Endpoints(
                URI.create("http://localhost:8081"),
                URI.create("http://localhost:8082"),
                URI.create("http://localhost:8083"),
                URI.create("http://localhost:8084"),
                URI.create("http://localhost:8086"),
                URI.create("http://localhost:8085"),
                "localhost:9091",
                "localhost:9092");
    }

    /** {@link #localhost()}, with any {@code ORDERFLOW_IDENTITY_URL}, ..., {@code ORDERFLOW_SHIPPING_TARGET} set. */
    public static Endpoints fromEnvironment(Map<String, String> env) {
        Endpoints d = localhost();
        return new Endpoints(
                uri(env, "ORDERFLOW_IDENTITY_URL", d.identity),
                uri(env, "ORDERFLOW_ORDERS_URL", d.orders),
                uri(env, "ORDERFLOW_NOTIFICATIONS_URL", d.notifications),
                uri(env, "ORDERFLOW_ANALYTICS_URL", d.analytics),
                uri(env, "ORDERFLOW_WEBHOOKS_URL", d.webhooks),
                uri(env, "ORDERFLOW_PARTNERS_URL", d.partners),
                env.getOrDefault("ORDERFLOW_INVENTORY_TARGET", d.inventory),
                env.getOrDefault("ORDERFLOW_SHIPPING_TARGET", d.shipping));
    }

    public Endpoints withOrders(URI orders) {
        return new Endpoints(identity, orders, notifications, analytics, webhooks, partners, inventory, shipping);
    }

    public Endpoints withIdentity(URI identity) {
        return new Endpoints(identity, orders, notifications, analytics, webhooks, partners, inventory, shipping);
    }

    private static URI uri(Map<String, String> env, String name, URI fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : URI.create(value);
    }
}
