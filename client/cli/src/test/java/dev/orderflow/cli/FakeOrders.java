package dev.orderflow.cli;

import com.sun.net.httpserver.HttpExchange;
import dev.orderflow.sdk.FakeServer;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Orders as the CLI's tests need them: {@code count} orders listed by cursor (newest first, the
 * cursor is the index), each order, each order's refunds (every third order has one), and a token
 * endpoint. Counts the refunds requests in flight at once.
 */
final class FakeOrders implements AutoCloseable {

    final FakeServer server;
    final int count;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final java.util.concurrent.CountDownLatch overlap = new java.util.concurrent.CountDownLatch(2);

    FakeOrders(int count) throws IOException {
        this.count = count;
        this.server = new FakeServer()
                .on(
                        "/oauth2/token",
                        (exchange, n) -> FakeServer.json(
                                exchange,
                                200,
                                "{\"access_token\":\"tok-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":600,"
                                        + "\"scope\":\"orders:read orders:write\"}"))
                .on("/api/orders", this::orders);
    }

    URI uri() {
        return server.uri();
    }

    Map<String, String> env() {
        return Map.of(
                "ORDERFLOW_ORDERS_URL", uri().toString(),
                "ORDERFLOW_IDENTITY_URL", uri().toString(),
                "HOME", "/nonexistent");
    }

    static String id(int i) {
        return "00000000-0000-4000-8000-%012d".formatted(i);
    }

    static String order(int i) {
        return """
                {"id":"%s","customer_id":"alice","status":"PAID",
                 "items":[{"sku":"ACC-001","name":"Canvas Tote Bag","quantity":%d,
                           "unit_price":{"amount_minor":1900,"currency":"EUR"},"line_total":{"amount_minor":%d,"currency":"EUR"}}],
                 "total":{"amount_minor":%d,"currency":"EUR"},"payment":null,"shipment":null,"refund_due":false,
                 "created_at":"2026-12-01T10:00:00Z"}"""
                .formatted(id(i), 1 + i % 3, 1900 * (1 + i % 3), 1900 * (1 + i % 3));
    }

    private void orders(HttpExchange exchange, int n) throws Exception {
        String path = exchange.getRequestURI().getPath();
        if (!"Bearer"
                .equals(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))
                        .split(" ")[0])) {
            FakeServer.json(
                    exchange,
                    401,
                    "{\"type\":\"https://orderflow.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401}");
            return;
        }
        if (path.equals("/api/orders")) {
            var query = PagingQuery.parse(exchange.getRequestURI().getRawQuery());
            int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
            int from = query.containsKey("cursor") ? Integer.parseInt(query.get("cursor")) : 0;
            int to = Math.min(count, from + limit);
            String items = IntStream.range(from, to).mapToObj(FakeOrders::order).collect(Collectors.joining(","));
            FakeServer.json(
                    exchange,
                    200,
                    "{\"items\":[" + items + "]" + (to < count ? ",\"next_cursor\":\"" + to + "\"" : "") + "}",
                    "RateLimit-Policy",
                    "\"per-client\";q=100000;w=60",
                    "RateLimit",
                    "\"per-client\";r=99000;t=1");
            return;
        }
        String[] parts = path.split("/");
        int index = java.util.Arrays.asList(
                        IntStream.range(0, count).mapToObj(FakeOrders::id).toArray())
                .indexOf(parts[3]);
        if (index < 0) {
            FakeServer.json(
                    exchange,
                    404,
                    "{\"type\":\"https://orderflow.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"No order "
                            + parts[3] + ".\"}");
            return;
        }
        if (path.endsWith("/refunds")) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            // The first two requests wait for each other: the export must run them side by side.
            overlap.countDown();
            overlap.await(10, java.util.concurrent.TimeUnit.SECONDS);
            String refunds = index % 3 == 0
                    ? "{\"id\":\"r-" + index + "\",\"order_id\":\"" + id(index)
                            + "\",\"amount\":{\"amount_minor\":500,\"currency\":\"EUR\"},\"reason\":null,"
                            + "\"status\":\"REFUNDED\",\"failure_reason\":null}"
                    : "";
            // Counted out before the answer leaves: the client's next request cannot overlap it.
            inFlight.decrementAndGet();
            FakeServer.json(exchange, 200, "{\"items\":[" + refunds + "]}");
            return;
        }
        FakeServer.json(exchange, 200, order(index), "ETag", "\"3\"");
    }

    @Override
    public void close() {
        server.close();
    }

    /** Query strings. */
    static final class PagingQuery {
        static Map<String, String> parse(String raw) {
            var map = new java.util.HashMap<String, String>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    String[] kv = pair.split("=", 2);
                    map.put(
                            kv[0],
                            kv.length == 2
                                    ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8)
                                    : "");
                }
            }
            return map;
        }
    }
}
