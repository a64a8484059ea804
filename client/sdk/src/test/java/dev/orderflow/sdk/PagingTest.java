package dev.orderflow.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.orderflow.sdk.rest.Models.Order;
import dev.orderflow.sdk.rest.Orders;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Paging follows {@code next_cursor} or the {@code Link} header to the end, fetches lazily, and —
 * with a keyset cursor, as orders serves — yields every item once while items are being added.
 */
class PagingTest {

    /** Orders newest first by a rising number (keyset: the cursor is the last number seen). */
    final ConcurrentSkipListSet<Integer> orders = new ConcurrentSkipListSet<>(java.util.Comparator.reverseOrder());

    final AtomicInteger newest = new AtomicInteger();

    void page(HttpExchange exchange, boolean linkOnly) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
        Integer after = query.containsKey("cursor") ? Integer.valueOf(query.get("cursor")) : null;
        List<Integer> page = (after == null ? orders : orders.tailSet(after, false))
                .stream().limit(limit).toList();
        // Meanwhile, new orders arrive (at the head: newer than anything being paged).
        for (int i = 0; i < 3; i++) {
            orders.add(newest.incrementAndGet());
        }
        String items = page.stream()
                .map(n -> "{\"id\":\"" + n + "\",\"status\":\"PAID\"}")
                .collect(Collectors.joining(","));
        boolean more =
                page.size() == limit && !orders.tailSet(page.getLast(), false).isEmpty();
        String next = more ? String.valueOf(page.getLast()) : null;
        if (linkOnly) {
            String link = more ? "</api/orders?limit=" + limit + "&cursor=" + next + ">; rel=\"next\"" : null;
            FakeServer.json(
                    exchange,
                    200,
                    "{\"items\":[" + items + "]}",
                    link == null ? new String[0] : new String[] {"Link", link});
        } else {
            FakeServer.json(
                    exchange,
                    200,
                    "{\"items\":[" + items + "]" + (next == null ? "" : ",\"next_cursor\":\"" + next + "\"") + "}");
        }
    }

    @Test
    void yieldsEveryOrderOnceWhileOrdersAreBeingPlaced() throws IOException {
        for (int i = 0; i < 250; i++) {
            orders.add(newest.incrementAndGet());
        }
        List<Integer> existing = new ArrayList<>(orders);
        try (var server = new FakeServer().on("/api/orders", (exchange, n) -> page(exchange, false));
                var orderflow = Orderflow.builder()
                        .endpoints(Endpoints.localhost().withOrders(server.uri()))
                        .bearerToken("t")
                        .build()) {
            List<String> ids = orderflow.orders().list(Orders.Query.all().limit(20)).stream()
                    .map(Order::id)
                    .toList();

            assertThat(ids).doesNotHaveDuplicates();
            assertThat(ids)
                    .containsExactlyElementsOf(
                            existing.stream().map(String::valueOf).toList());
            assertThat(server.seen()).hasSize(13); // 250 / 20, rounded up
        }
    }

    @Test
    void followsTheLinkHeaderWhenThereIsNoNextCursor() throws IOException {
        for (int i = 0; i < 45; i++) {
            orders.add(newest.incrementAndGet());
        }
        List<Integer> existing = new ArrayList<>(orders);
        try (var server = new FakeServer().on("/api/orders", (exchange, n) -> page(exchange, true));
                var orderflow = Orderflow.builder()
                        .endpoints(Endpoints.localhost().withOrders(server.uri()))
                        .bearerToken("t")
                        .build()) {
            var ids = orderflow.orders().list(Orders.Query.all().limit(10)).stream()
                    .map(Order::id)
                    .toList();

            assertThat(ids)
                    .containsExactlyElementsOf(
                            existing.stream().map(String::valueOf).toList());
            assertThat(server.seen()).hasSize(5);
        }
    }

    @Test
    void fetchesNoMorePagesThanTheConsumerUses() throws IOException {
        for (int i = 0; i < 100; i++) {
            orders.add(newest.incrementAndGet());
        }
        try (var server = new FakeServer().on("/api/orders", (exchange, n) -> page(exchange, false));
                var orderflow = Orderflow.builder()
                        .endpoints(Endpoints.localhost().withOrders(server.uri()))
                        .bearerToken("t")
                        .build()) {
            var first = orderflow.orders().list(Orders.Query.all().limit(10)).stream()
                    .limit(15)
                    .toList();

            assertThat(first).hasSize(15);
            assertThat(server.seen()).hasSize(2);
        }
    }

    @Test
    void walksPageNumberedListingsToTheLastPage() throws IOException {
        try (var server = new FakeServer().on("/api/products", (exchange, n) -> {
                    int page = Integer.parseInt(
                            query(exchange.getRequestURI().getRawQuery()).get("page"));
                    String items = java.util.stream.IntStream.range(page * 4, Math.min(page * 4 + 4, 10))
                            .mapToObj(i -> "{\"sku\":\"SKU-" + i
                                    + "\",\"name\":\"n\",\"price\":{\"amount_minor\":1,\"currency\":\"EUR\"}}")
                            .collect(Collectors.joining(","));
                    FakeServer.json(
                            exchange,
                            200,
                            "{\"items\":[" + items + "],\"page\":" + page
                                    + ",\"size\":4,\"total_items\":10,\"total_pages\":3}");
                });
                var orderflow = Orderflow.builder()
                        .endpoints(Endpoints.localhost().withOrders(server.uri()))
                        .build()) {
            var skus = orderflow.products().list(4).stream().map(p -> p.sku()).toList();

            assertThat(skus)
                    .hasSize(10)
                    .doesNotHaveDuplicates()
                    .startsWith("SKU-0")
                    .endsWith("SKU-9");
            assertThat(server.seen()).hasSize(3);
        }
    }

    static Map<String, String> query(String raw) {
        var map = new java.util.HashMap<String, String>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                map.put(kv[0], kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return map;
    }
}
