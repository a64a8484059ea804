package dev.orderflow.cli;

import dev.orderflow.contracts.shipping.v1.Destination;
import dev.orderflow.contracts.shipping.v1.QuoteShippingRequest;
import dev.orderflow.contracts.shipping.v1.ShippingItem;
import dev.orderflow.sdk.Orderflow;
import dev.orderflow.sdk.live.OrderEvent;
import dev.orderflow.sdk.rest.Models.Address;
import dev.orderflow.sdk.rest.Models.Line;
import dev.orderflow.sdk.rest.Models.Money;
import dev.orderflow.sdk.rest.Models.Order;
import dev.orderflow.sdk.rest.Models.PlaceOrder;
import dev.orderflow.sdk.rest.Models.RefundRequest;
import dev.orderflow.sdk.stream.Listener;
import dev.orderflow.sdk.stream.Subscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./orderflow demo}: one order through every dialect, printing what crossed each boundary and
 * how long it took; exit code 1 if any step failed.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Drive one order through all six dialects; print each boundary crossed.",
            "",
            "Against a running platform: the catalog (REST), stock and a quote (gRPC), live events",
            "(WebSocket and SSE), the order (REST), its payment at the",
            "provider and the provider's signed webhook, a refund (SOAP at the bank, behind REST), an",
            "analytics query (GraphQL) and a merchant webhook received. Prints each boundary crossed and",
            "its time; exits 1 if any step failed."
        },
        footer = {"", "Example:", "  ./orderflow up --detach && ./orderflow demo"})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--client-id", defaultValue = "orderflow-cli", description = "default: the embedded demo client")
    String clientId;

    @Option(names = "--client-secret", defaultValue = "orderflow-cli-secret")
    String clientSecret;

    @Option(names = "--sku", defaultValue = "KIT-001", description = "the product to order (default ${DEFAULT-VALUE})")
    String sku;

    @Option(
            names = "--receiver",
            description = "the demo webhook receiver (default http://localhost:8087/, ORDERFLOW_DEMO_RECEIVER_URL)")
    URI receiver;

    @Option(
            names = "--step-timeout",
            defaultValue = "PT60S",
            description = "how long a step may wait (default ${DEFAULT-VALUE})")
    Duration stepTimeout;

    /** One step's result line. */
    record Step(int number, String dialect, String call, String outcome, long millis, boolean ok) {}

    private final List<Step> steps = new ArrayList<>();
    private final Cli.Context context;

    DemoCommand(Cli.Context context) {
        this.context = context;
    }

    @FunctionalInterface
    interface Work {
        String run() throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        URI receiverUri = receiver != null
                ? receiver
                : URI.create(context.env().getOrDefault("ORDERFLOW_DEMO_RECEIVER_URL", "http://localhost:8087/"));
        var out = client.out();
        out.println("Orderflow demo: one order through every dialect (orders at "
                + client.endpoints().orders() + ")");
        out.println();
        var wsEvents = new CopyOnWriteArrayList<OrderEvent>();
        var sseEvents = new CopyOnWriteArrayList<OrderEvent>();
        try (Orderflow orderflow = client.builder()
                .clientCredentials(clientId, clientSecret)
                .scopes(Orderflow.DEFAULT_SCOPES)
                .build()) {
            var live = orderflow.events();
            Subscription ws = null;
            Subscription sse = null;
            try {
                step("REST", "GET /api/products", () -> {
                    var page = orderflow.products().page(0, 20);
                    var product = orderflow.products().get(sku);
                    return page.totalItems() + " products; " + product.sku() + " " + product.name() + " at "
                            + product.price();
                });
                step("gRPC", "InventoryService/GetStock", () -> {
                    var level = orderflow.inventory().stock(List.of(sku)).getFirst();
                    return level.getSku() + ": " + level.getAvailable() + " available, " + level.getReserved()
                            + " reserved";
                });
                step("gRPC", "ShippingService/QuoteShipping", () -> {
                    var quote = orderflow
                            .shipping()
                            .quote(QuoteShippingRequest.newBuilder()
                                    .setDestination(Destination.newBuilder()
                                            .setCountry("FR")
                                            .setPostalCode("69001"))
                                    .addItems(ShippingItem.newBuilder()
                                            .setSku(sku)
                                            .setQuantity(1))
                                    .build());
                    return "to FR: "
                            + new Money(
                                    quote.getPrice().getAmountMinor(),
                                    quote.getPrice().getCurrency()) + ", " + quote.getEtaDays() + " days ("
                            + quote.getZone() + ")";
                });
                var wsHolder = new Subscription[1];
                step("WebSocket", "/ws subscribe orders", () -> {
                    var subscribed = new java.util.concurrent.CountDownLatch(1);
                    wsHolder[0] = live.websocket(null, null, collect(wsEvents, subscribed));
                    awaitLatch(subscribed, "subscribed");
                    return "subscribed to every order's events (subprotocol orderflow.v1)";
                });
                ws = wsHolder[0];
                var sseHolder = new Subscription[1];
                step("SSE", "GET /api/events", () -> {
                    var open = new java.util.concurrent.CountDownLatch(1);
                    sseHolder[0] = live.sse(null, null, collect(sseEvents, open));
                    awaitLatch(open, "open");
                    return "event stream open (text/event-stream)";
                });
                sse = sseHolder[0];

                Order[] order = new Order[1];
                if (!step("REST", "POST /api/orders (Idempotency-Key)", () -> {
                    order[0] = orderflow
                            .orders()
                            .place(new PlaceOrder(
                                    "alice",
                                    List.of(new Line(sku, 1)),
                                    new Address("Alice Example", "1 Market Street", "Lyon", "69001", "FR")));
                    return "order " + order[0].id() + " " + order[0].status() + ", total " + order[0].total();
                })) {
                    return finish();
                }
                String id = order[0].id();
                step("REST (PSP)", "POST /v1/payment_intents/{id}/confirm", () -> {
                    Order withIntent = OrdersCommand.awaitIntent(orderflow, id, stepTimeout, context.clock());
                    var intent = orderflow
                            .payments()
                            .confirm(
                                    withIntent.payment().intentId(),
                                    withIntent.payment().clientSecret(),
                                    "pm_card_visa");
                    return "intent " + intent.id() + " " + intent.status() + " (pm_card_visa, publishable key)";
                });
                step("Webhook (PSP)", "provider → orders POST /webhooks/psp", () -> {
                    OrderEvent paid = await(wsEvents, id, "dev.orderflow.order.paid");
                    return "signed payment webhook verified by orders: order " + paid.newStatus() + " (event #"
                            + paid.sequence() + ")";
                });
                step("WebSocket", "event push", () -> "received " + types(wsEvents, id));
                step("SSE", "event push", () -> {
                    OrderEvent paid = await(sseEvents, id, "dev.orderflow.order.paid");
                    return "received " + types(sseEvents, id) + "; resume position " + paid.position();
                });
                step("SOAP (bank)", "POST /api/orders/{id}/refunds → bank RequestRefund", () -> {
                    var refund = orderflow
                            .orders()
                            .refund(
                                    id,
                                    new RefundRequest(
                                            new Money(100, order[0].total().currency()), "demo"));
                    OrderEvent refunded = await(wsEvents, id, "dev.orderflow.order.refunded");
                    return "refund " + refund.id() + " of " + refund.amount() + ": " + refund.status()
                            + " → REFUNDED by the bank (event #" + refunded.sequence() + ")";
                });
                step("GraphQL", "query order(id, minVersion)", () -> {
                    long version = wsEvents.stream()
                            .filter(e -> id.equals(e.orderId()))
                            .mapToLong(OrderEvent::sequence)
                            .max()
                            .orElse(1);
                    JsonNode data = orderflow
                            .analytics()
                            .query(
                                    "query($id: ID!, $v: Int) { order(id: $id, minVersion: $v) { status version refunded { amountMinor currency } customer { id orderCount } } }",
                                    Map.of("id", id, "v", (int) version));
                    JsonNode o = data.path("order");
                    var refunded = new Money(
                            o.path("refunded").path("amountMinor").asLong(),
                            o.path("refunded").path("currency").asString());
                    return "order " + o.path("status").asString() + " version "
                            + o.path("version").asInt() + ", refunded " + refunded + " (waited for version " + version
                            + " to be applied)";
                });
                step(
                        "Webhook (merchant)",
                        "webhooks → " + receiverUri + "webhooks",
                        () -> awaitDelivery(receiverUri, id));
            } finally {
                if (ws != null) {
                    ws.close();
                }
                if (sse != null) {
                    sse.close();
                }
            }
        }
        return finish();
    }

    private boolean step(String dialect, String call, Work work) {
        long started = System.nanoTime();
        String outcome;
        boolean ok;
        try {
            outcome = work.run();
            ok = true;
        } catch (Exception e) {
            outcome = "FAILED: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            ok = false;
        }
        var step = new Step(steps.size() + 1, dialect, call, outcome, (System.nanoTime() - started) / 1_000_000, ok);
        steps.add(step);
        var out = client.out();
        if (client.json()) {
            out.println(Printer.json(step, false));
        } else {
            out.printf(
                    "%2d  %-18s %-52s %6d ms  %s%s%n",
                    step.number(), dialect, call, step.millis(), ok ? "" : "✗ ", outcome);
        }
        out.flush();
        return ok;
    }

    private int finish() {
        long failed = steps.stream().filter(s -> !s.ok()).count();
        if (!client.json()) {
            client.out().println();
            client.out()
                    .println(
                            failed == 0
                                    ? "Every boundary answered: " + steps.size() + " steps."
                                    : failed + " of " + steps.size() + " steps failed.");
        }
        client.out().flush();
        return failed == 0 ? 0 : CliException.FAILED;
    }

    private Listener<OrderEvent> collect(List<OrderEvent> into, java.util.concurrent.CountDownLatch connected) {
        return new Listener<>() {
            @Override
            public void onItem(OrderEvent event) {
                into.add(event);
            }

            @Override
            public void onConnected() {
                connected.countDown();
            }
        };
    }

    private void awaitLatch(java.util.concurrent.CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(stepTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new CliException(CliException.UNAVAILABLE, "not " + what + " within " + stepTimeout);
        }
    }

    private OrderEvent await(List<OrderEvent> events, String orderId, String type) throws InterruptedException {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (OrderEvent event : events) {
                if (orderId.equals(event.orderId()) && type.equals(event.eventType())) {
                    return event;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new CliException(
                CliException.UNAVAILABLE, "no " + type + " within " + stepTimeout + "; got " + types(events, orderId));
    }

    private static String types(List<OrderEvent> events, String orderId) {
        return events.stream()
                .filter(e -> orderId.equals(e.orderId()))
                .map(e -> e.eventType().replace("dev.orderflow.order.", ""))
                .toList()
                .toString();
    }

    /** The demo receiver lists what it got (signatures verified); wait until it shows this order's payment. */
    private String awaitDelivery(URI receiverUri, String orderId) throws Exception {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (true) {
                String page;
                try {
                    page = http.send(
                                    HttpRequest.newBuilder(receiverUri)
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                } catch (java.net.ConnectException e) {
                    throw new CliException(
                            CliException.UNAVAILABLE,
                            "no demo receiver at " + receiverUri
                                    + " (./orderflow up runs one; --receiver names another)");
                }
                for (String line : page.split("\n")) {
                    if (line.contains(orderId) && line.contains("order.paid") && line.contains("verified")) {
                        return line.trim().replaceAll("\\s+", " ");
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new CliException(
                            CliException.UNAVAILABLE,
                            "no verified order.paid delivery for " + orderId + " at " + receiverUri + " within "
                                    + stepTimeout);
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }
}
