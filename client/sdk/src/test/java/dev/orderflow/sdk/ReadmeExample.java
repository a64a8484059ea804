package dev.orderflow.sdk;

import dev.orderflow.sdk.rest.Models.Address;
import dev.orderflow.sdk.rest.Models.Line;
import dev.orderflow.sdk.rest.Models.Order;
import dev.orderflow.sdk.rest.Models.PlaceOrder;
import dev.orderflow.sdk.rest.Orders;
import java.util.List;

/**
 * The README's "Use Orderflow from Java" example, kept here so the build compiles it: if the SDK's
 * API changes, this stops compiling until the README is changed too. (Run against a platform with
 * {@code ./orderflow up}; not a test.)
 */
final class ReadmeExample {

    private ReadmeExample() {}

    public static void main(String[] args) {
        try (var orderflow = Orderflow.builder() // defaults: ./orderflow up on localhost
                .clientCredentials("orderflow-cli", "orderflow-cli-secret") // token cached, renewed before expiry
                .publishableKey("pk_test_orderflow_embedded_demo_key") // for payments(), as a browser pays
                .requestLog(System.err::println) // one line per attempt; never a token or body
                .build()) {
            // REST, typed; pages are fetched lazily as the stream is consumed
            orderflow.products().list(50).stream().limit(5).forEach(p -> System.out.println(p.sku() + " " + p.price()));

            // live events (WebSocket; .sse(...) is the same over Server-Sent Events), resumed after any drop
            var live = orderflow.events().websocket(null, null, event -> System.out.println(event.eventType()));

            // a write carries an Idempotency-Key made once and sent unchanged on every retry
            Order order = orderflow
                    .orders()
                    .place(new PlaceOrder(
                            "alice",
                            List.of(new Line("KIT-001", 1)),
                            new Address("Alice Example", "1 Market Street", "Lyon", "69001", "FR")));
            try {
                orderflow.orders().cancel(order.id(), "\"0\""); // If-Match an old version
            } catch (ProblemException.Conflict e) { // 412: type, detail, correlation id, field errors
                System.out.println(e.code() + ": " + e.detail());
            }
            orderflow.orders().list(Orders.Query.all().statuses(List.of("PAID"))).stream()
                    .count(); // every page

            orderflow.inventory().stock(List.of("KIT-001")); // gRPC, with a deadline and the token as call credentials
            orderflow.analytics().query("{ statusCounts { status count } }", java.util.Map.of()); // GraphQL
            live.close();
        }
    }
}
