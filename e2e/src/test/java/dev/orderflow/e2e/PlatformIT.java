package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.testing.ApiClient;
import dev.orderflow.testing.BrowserSession;
import dev.orderflow.testing.OpenApiContract;
import dev.orderflow.testing.PkceLogin;
import dev.orderflow.testing.SocketClient;
import dev.orderflow.testing.SseClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real platform, started the way a newcomer starts it ({@code ./orderflow up}): real processes,
 * real ports, real tokens from identity. Every API response is held to the OpenAPI contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformIT {

    private static final String STOREFRONT_REDIRECT = "http://localhost:8080/login/oauth2/code/storefront";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private LaunchedPlatform platform;
    private int inventoryPort;
    private Path output;
    private URI identity;
    private ApiClient api;
    private int notificationsPort;
    private int partnersPort;
    private int analyticsPort;
    private int webhooksPort;
    private int demoReceiverPort;
    private int identityPort;
    private int ordersPort;
    private int shippingPort;
    private Path home;

    @BeforeAll
    void startPlatform() throws IOException {
        platform = LaunchedPlatform.start("e2e");
        home = platform.home;
        output = platform.output;
        identityPort = platform.identityPort;
        ordersPort = platform.ordersPort;
        notificationsPort = platform.notificationsPort;
        inventoryPort = platform.inventoryPort;
        analyticsPort = platform.analyticsPort;
        webhooksPort = platform.webhooksPort;
        demoReceiverPort = platform.demoReceiverPort;
        shippingPort = platform.shippingPort;
        partnersPort = platform.partnersPort;
        identity = platform.identity();
        api = new ApiClient(platform.orders(), OpenApiContract.orders());
    }

    @AfterAll
    void stopPlatform() throws Exception {
        if (platform != null) {
            platform.stop();
        }
    }

    /**
     * The first order right after "Orderflow is up", with no retry: ready means an order can be
     * placed (orders is ready only once it has warmed its token, channels and both services' paths;
     * before that, a first call could miss its 500 ms deadline on cold JVMs and get a 503).
     */
    @Test
    @Order(1)
    void placesTheFirstOrderRightAfterStartWithoutARetry() throws Exception {
        String token = clientCredentials("partner-acme", "partner-acme-secret");

        var first = placeOnce(token, order("e2e-first", "ACC-001", 1));

        assertThat(first.status()).as(first.body()).isEqualTo(201);
    }

    /**
     * The payment provider as its keys are printed at start: the server creates an intent with the
     * secret key, the browser confirms it with the publishable key and the intent's client_secret.
     */
    @Test
    void paysAtTheProviderWithThePrintedKeys() throws Exception {
        String log = Files.readString(output);
        assertThat(log).contains("sk_test_orderflow_embedded_demo_key", "pk_test_orderflow_embedded_demo_key");
        var psp = new ApiClient(URI.create("http://localhost:" + partnersPort), OpenApiContract.psp());

        var created = psp.post(
                        "/v1/payment_intents",
                        Map.of("amount", 3990, "currency", "eur", "metadata", Map.of("order_id", "e2e")))
                .token("sk_test_orderflow_embedded_demo_key")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        var confirmed = psp.post(
                        "/v1/payment_intents/" + created.json().get("id").asText() + "/confirm",
                        Map.of(
                                "payment_method",
                                "pm_card_visa",
                                "client_secret",
                                created.json().get("client_secret").asText()))
                .token("pk_test_orderflow_embedded_demo_key")
                .send();

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void servesTheBanksWsdlAndPrintsItsCredentials() throws Exception {
        assertThat(Files.readString(output)).contains("bank (partners) SOAP at", "orderflow-bank-secret");

        var wsdl = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + partnersPort + "/bank/ws?wsdl"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body())
                .contains("wsdl:definitions", "RequestRefund")
                .contains("location=\"http://localhost:" + partnersPort + "/bank/ws\"");
    }

    @Test
    void placesReplaysAndRefusesAReusedIdempotencyKeyWithARealToken() throws Exception {
        String token = clientCredentials("orderflow-cli", "orderflow-cli-secret");
        String key = UUID.randomUUID().toString();

        var created = api.post("/api/orders", order("alice", "ACC-001", 2))
                .token(token)
                .header("Idempotency-Key", key)
                .send();
        var replayed = api.post("/api/orders", order("alice", "ACC-001", 2))
                .token(token)
                .header("Idempotency-Key", key)
                .send();
        var different = api.post("/api/orders", order("alice", "ACC-001", 3))
                .token(token)
                .header("Idempotency-Key", key)
                .send();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("AWAITING_PAYMENT");
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.body()).isEqualTo(created.body());
        assertThat(replayed.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(different.status()).isEqualTo(422);
    }

    @Test
    void listsByFollowingLinkHeadersThenReadsRevalidatesAndCancelsAnOrder() throws Exception {
        String token = clientCredentials("partner-acme", "partner-acme-secret");
        String customer = "e2e-" + UUID.randomUUID();
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placed.add(0, place(token, order(customer, "BAG-00" + (i + 1), 1)));
        }

        List<String> listed = new ArrayList<>();
        String next = "/api/orders?limit=2";
        while (next != null) {
            var page = api.get(next).token(token).send();
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(o -> {
                if (o.get("customer_id").asText().equals(customer)) {
                    listed.add(o.get("id").asText());
                }
            });
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        assertThat(listed).containsExactlyElementsOf(placed);

        String id = placed.getFirst();
        awaitPayment(token, id); // the order's own change after placing: its payment intent
        var read = api.get("/api/orders/" + id).token(token).send();
        var revalidated = api.get("/api/orders/" + id)
                .token(token)
                .header("If-None-Match", read.header("ETag"))
                .send();
        var cancelled = api.post("/api/orders/" + id + "/cancel", null)
                .token(token)
                .header("If-Match", read.header("ETag"))
                .send();
        var afterCancel = api.get("/api/orders/" + id)
                .token(token)
                .header("If-None-Match", read.header("ETag"))
                .send();

        assertThat(read.status()).isEqualTo(200);
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(afterCancel.status()).isEqualTo(200);
        assertThat(afterCancel.json().get("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void aliceSeesHerOrderPlacedAndCancelledLiveOnAWebSocketAndAnEventStream() throws Exception {
        String alice = aliceSignedIn();
        try (var socket = SocketClient.connectWithProtocolToken(notificationsPort, alice);
                var stream = SseClient.open(notificationsPort, "/api/events", alice, null)) {
            socket.send("{\"type\":\"subscribe\",\"topic\":\"orders\"}");
            socket.next("subscribed", Duration.ofSeconds(10));
            assertThat(stream.status()).isEqualTo(200);

            String id = place(alice, order(null, "STA-002", 1));
            long placed = System.nanoTime();
            JsonNode placedPush = socket.next("event", Duration.ofSeconds(1));
            SseClient.Event placedEvent = stream.next(Duration.ofSeconds(1));
            long placedLatency = (System.nanoTime() - placed) / 1_000_000;
            // then its payment intent at the provider
            assertThat(socket.next("event", Duration.ofSeconds(10))
                            .get("event_type")
                            .asText())
                    .isEqualTo("dev.orderflow.order.payment_updated");
            assertThat(stream.next(Duration.ofSeconds(10)).data()).contains("payment_updated");

            var cancelled =
                    api.post("/api/orders/" + id + "/cancel", null).token(alice).send();
            assertThat(cancelled.status()).isEqualTo(200);
            long cancelledAt = System.nanoTime();
            JsonNode cancelledPush = socket.next("event", Duration.ofSeconds(1));
            SseClient.Event cancelledEvent = stream.next(Duration.ofSeconds(1));
            long cancelledLatency = (System.nanoTime() - cancelledAt) / 1_000_000;

            assertThat(placedPush.get("order_id").asText()).isEqualTo(id);
            assertThat(placedPush.get("new_status").asText()).isEqualTo("AWAITING_PAYMENT");
            assertThat(cancelledPush.get("old_status").asText()).isEqualTo("AWAITING_PAYMENT");
            assertThat(cancelledPush.get("new_status").asText()).isEqualTo("CANCELLED");
            assertThat(json.readTree(placedEvent.data()).get("new_status").asText())
                    .isEqualTo("AWAITING_PAYMENT");
            assertThat(json.readTree(cancelledEvent.data()).get("new_status").asText())
                    .isEqualTo("CANCELLED");
            assertThat(cancelledEvent.id()).isNotBlank();
            assertThat(List.of(placedLatency, cancelledLatency)).allMatch(ms -> ms < 1000);
        }
    }

    /**
     * The live pushes as clients nobody here wrote see them, reading only notifications.yaml:
     * Debian's python3-websockets on the WebSocket (the token in the Authorization header, and the
     * browsers' way, as a subprotocol; a malformed message answered with an error, a binary one
     * closed with 1003) and curl -N on the event stream. Each push names the order's trace.
     */
    @Test
    void pushesReachPythonsWebsocketsAndCurlsEventStreamEachNamingItsTrace() throws Exception {
        String alice = aliceSignedIn();
        Process curl = new ProcessBuilder(
                        "curl",
                        "-sN",
                        "--max-time",
                        "90", // bounds every read below
                        "-H",
                        "Authorization: Bearer " + alice,
                        "-H",
                        "Accept: text/event-stream",
                        "http://localhost:" + notificationsPort + "/api/events")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (var stream = new java.io.BufferedReader(
                new java.io.InputStreamReader(curl.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(stream.readLine()).as("the stream's first line").matches("retry: ?3000");

            JsonNode seen = python(
                    "live_orders.py",
                    platform.orders().toString(),
                    "http://localhost:" + notificationsPort,
                    alice,
                    json.writeValueAsString(order(null, "STA-002", 1)));
            String id = seen.get("order_id").asText();
            Map<String, String> sse = sseEventOf(stream, id);

            assertThat(seen.get("subprotocols").toString()).isEqualTo("[\"orderflow.v1\",\"orderflow.v1\"]");
            assertThat(seen.at("/error/code").asText()).isEqualTo("malformed");
            assertThat(seen.get("binary_close_code").asInt()).isEqualTo(1003);
            JsonNode byHeader = seen.at("/pushes/0");
            JsonNode byProtocol = seen.at("/pushes/1");
            for (JsonNode push : List.of(byHeader, byProtocol)) {
                assertThat(push.get("event_type").asText()).isEqualTo("dev.orderflow.order.placed");
                assertThat(push.get("new_status").asText()).isEqualTo("AWAITING_PAYMENT");
                assertThat(push.get("sequence").asInt()).isEqualTo(1);
                assertThat(push.get("id").asText()).isNotBlank();
            }
            assertThat(byHeader.get("trace_id").asText()).matches("[0-9a-f]{32}");
            assertThat(byProtocol.get("trace_id").asText())
                    .isEqualTo(byHeader.get("trace_id").asText());
            assertThat(sse.get("event")).isEqualTo("order_event");
            assertThat(sse.get("id")).isNotBlank();
            JsonNode ssePush = json.readTree(sse.get("data"));
            assertThat(ssePush.get("event_id").asText())
                    .isEqualTo(byHeader.get("event_id").asText());
            assertThat(ssePush.get("trace_id").asText())
                    .isEqualTo(byHeader.get("trace_id").asText());
        } finally {
            curl.destroy();
        }
    }

    /** Reads an event stream, as curl printed it, up to the event whose data names this order. */
    private static Map<String, String> sseEventOf(java.io.BufferedReader stream, String orderId) throws IOException {
        Map<String, String> event = new LinkedHashMap<>();
        for (String line = stream.readLine(); line != null; line = stream.readLine()) {
            if (line.isEmpty()) {
                if (event.getOrDefault("data", "").contains(orderId)) {
                    return event;
                }
                event.clear();
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                event.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
            }
        }
        throw new AssertionError("the stream ended before order " + orderId + " was pushed");
    }

    /**
     * The README's walk-through: alice places an order, her browser confirms its payment at the
     * provider with the publishable key and the order's client_secret, and her event stream shows
     * the order paid, shipped and delivered: PSP webhook, gRPC to inventory and shipping, Kafka, SSE.
     */
    @Test
    void aliceConfirmsHerPaymentAtTheProviderAndWatchesTheOrderReachDelivered() throws Exception {
        String alice = aliceSignedIn();
        try (var stream = SseClient.open(notificationsPort, "/api/events", alice, null)) {
            assertThat(stream.status()).isEqualTo(200);
            String id = place(alice, order(null, "KIT-001", 1));
            JsonNode payment = awaitPayment(alice, id);

            var confirmed = confirm(payment, "pm_card_visa");
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);

            List<String> statuses = statusesUntilDelivered(stream, id);
            assertThat(statuses).containsSubsequence("PAID", "FULFILLING", "SHIPPED", "DELIVERED");
            var delivered = api.get("/api/orders/" + id).token(alice).send().json();
            assertThat(delivered.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(delivered.at("/payment/status").asText()).isEqualTo("succeeded");
            assertThat(delivered.at("/shipment/tracking_number").asText()).isNotBlank();
        }
    }

    /**
     * The browser's way in: alice signs in at the edge (the code flow with PKCE runs on the server),
     * and with nothing but her session cookie and the CSRF token she places an order, pays it at the
     * provider through the edge, and watches it reach DELIVERED on an event stream relayed by the
     * edge. bob, signed in the same way, cannot read her order. No token ever reaches the browser.
     */
    @Test
    void aliceShopsThroughTheEdgeWithOnlyASessionCookieAndBobCannotSeeHerOrder() throws Exception {
        assertThat(Files.readString(output))
                .as("the launcher prints where to open the pages, and who to sign in as")
                .contains(
                        "storefront " + platform.edge() + "/",
                        "dashboard  " + platform.edge() + "/dashboard",
                        "carol / carol-password",
                        "dan / dan-password",
                        "http://localhost:" + platform.zipkinPort + "/zipkin/");
        var alice = new BrowserSession(platform.edge());
        assertThat(alice.signIn(identity, "alice", "alice-password").statusCode())
                .isEqualTo(302);
        assertThat(alice.get("/", "text/html").body()).contains("alice");

        try (var stream = alice.events("/api/events")) {
            assertThat(stream.status()).isEqualTo(200);
            String id = BrowserJourneys.placeAndPay(alice, "KIT-001");

            List<String> statuses = statusesUntilDelivered(stream, id);
            assertThat(statuses).containsSubsequence("AWAITING_PAYMENT", "PAID", "SHIPPED", "DELIVERED");

            var xray = await().atMost(Duration.ofSeconds(20))
                    .until(() -> alice.get("/bff/orders/" + id + "/xray"), answer -> dialects(answer.body())
                            .containsAll(List.of("REST", "gRPC", "Kafka", "Webhook")));
            OpenApiContract.edge()
                    .assertConforms(
                            "GET",
                            "/bff/orders/" + id + "/xray",
                            xray.statusCode(),
                            name -> xray.headers().firstValue(name).orElse(null),
                            xray.body());

            var bob = new BrowserSession(platform.edge());
            bob.signIn(identity, "bob", "bob-password");
            assertThat(bob.get("/api/orders/" + id).statusCode()).isEqualTo(404);
            assertThat(bob.get("/bff/orders/" + id + "/xray").statusCode())
                    .as("nobody sees the traces of an order they may not read")
                    .isEqualTo(404);
        }
        assertThat(alice.everything())
                .as("no token in anything the browser received")
                .doesNotContain("eyJ")
                .doesNotContain("access_token");
    }

    /**
     * The pages in a real browser (Debian's Chromium): alice buys two products, is refused a bad
     * address by the form, pays with the succeeding test card and watches PAID, SHIPPED and
     * DELIVERED arrive without reloading, with the X-ray listing the order's REST, gRPC, Kafka and
     * SSE crossings; the declined card shows a clear message; she cancels an unpaid order from My
     * orders; bob cannot open her order's page, and signs out. On
     * the dashboard, carol (a partner) sees every chart drawn with data and the live ticker move
     * when another order is paid, and refunds part of alice's order; dan (an analyst) gets the
     * charts without the refund form; bob (a customer) is told the dashboard is not his.
     * Screenshots of each step: e2e/target/screenshots.
     */
    @Test
    void inTheBrowserAliceBuysAndWatchesHerOrderDeliveredBobCannotOpenItAndStaffUseTheDashboard() throws Exception {
        var journeys = new BrowserJourneys(platform.edge(), identity);

        String order = journeys.aliceBuysTwoProductsPaysAndWatchesItDelivered();
        journeys.aDeclinedCardShowsAClearMessage();
        journeys.aliceCancelsAnUnpaidOrderFromMyOrders();
        journeys.bobCannotOpen(order);
        journeys.carolSeesTheDashboardWithDataAndRefundsPartOfAnOrder(order);
        journeys.theDashboardShowsEachPersonOnlyWhatTheirRoleAllows();
    }

    /**
     * The same session from a client nobody here wrote: Debian's python3-requests signs in through
     * identity's form, is refused a write without the CSRF token, places an order with it, and
     * reads it back, holding only cookies.
     */
    @Test
    void aPythonBrowserSessionSignsInAtTheEdgeAndOrdersWithTheCsrfToken() throws Exception {
        JsonNode seen = python("edge_shopper.py", platform.edge().toString(), "alice", "alice-password", "ACC-001");
        String printed = seen.toString();
        assertThat(seen.get("landed_at").asText()).as(printed).isEqualTo(platform.edge() + "/");
        assertThat(seen.get("home_status").asInt()).isEqualTo(200);
        assertThat(seen.at("/me/signed_in").asBoolean()).isTrue();
        assertThat(seen.at("/me/name").asText()).isEqualTo("alice");
        assertThat(seen.get("without_csrf").asInt()).isEqualTo(403);
        assertThat(seen.get("without_csrf_type").asText()).isEqualTo("application/problem+json");
        assertThat(seen.get("placed").asInt()).as(printed).isEqualTo(201);
        assertThat(seen.get("read_status").asInt()).isEqualTo(200);
        assertThat(seen.get("read_customer").asText()).isEqualTo("alice");
        assertThat(seen.get("session_cookie_http_only").asBoolean()).isTrue();
        assertThat(seen.get("token_seen").asBoolean()).isFalse();
    }

    /**
     * One trace per click, across every boundary, in Zipkin and in every service's log. Placing an
     * order (the caller's traceparent): REST into orders, gRPC to inventory and shipping, the outbox
     * relay and Kafka, the consumers in notifications (whose push carries the trace id), analytics
     * and webhooks, the merchant webhook out, and the payment intent orders then asks the provider
     * for. Paying it (the browser's traceparent at the
     * provider): the confirm, the provider's webhook into orders, the order's change and its event,
     * and the fulfilment it makes due (the shipment, the courier's tracking stream).
     */
    @Test
    void oneTraceFollowsEachClickAcrossEveryBoundaryIntoZipkinAndEveryServicesLog() throws Exception {
        String alice = aliceSignedIn();
        String placing = hex(32);
        String paying = hex(32);
        try (var stream = SseClient.open(notificationsPort, "/api/events", alice, null)) {
            var placed = api.post("/api/orders", order(null, "KIT-001", 1))
                    .token(alice)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("traceparent", "00-" + placing + "-" + hex(16) + "-01")
                    .send();
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            String id = placed.json().get("id").asText();
            JsonNode push = json.readTree(stream.next(Duration.ofSeconds(30)).data());
            while (!push.get("order_id").asText().equals(id)) {
                push = json.readTree(stream.next(Duration.ofSeconds(30)).data());
            }
            assertThat(push.get("event_type").asText()).isEqualTo("dev.orderflow.order.placed");
            assertThat(push.get("trace_id").asText())
                    .as("the push names the trace")
                    .isEqualTo(placing);

            JsonNode payment = awaitPayment(alice, id);
            var confirmed =
                    confirm(payment, "pm_card_visa", Map.of("traceparent", "00-" + paying + "-" + hex(16) + "-01"));
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        }

        assertTrace(
                placing,
                List.of(
                        "orders SERVER http post /api/orders",
                        "orders CLIENT orderflow.inventory.v1.inventoryservice/reservestock",
                        "inventory SERVER orderflow.inventory.v1.inventoryservice/reservestock",
                        "orders CLIENT orderflow.shipping.v1.shippingservice/quoteshipping",
                        "shipping SERVER orderflow.shipping.v1.shippingservice/quoteshipping",
                        "orders CONSUMER resume order event",
                        "orders PRODUCER order event",
                        "notifications CONSUMER orderflow.order-events process",
                        "analytics CONSUMER orderflow.order-events process",
                        "webhooks CONSUMER orderflow.order-events process",
                        "webhooks CLIENT merchant webhook",
                        "orders CONSUMER request payment intent",
                        "partners SERVER http post /v1/payment_intents"));
        assertTrace(
                paying,
                List.of(
                        "partners SERVER http post /v1/payment_intents/{id}/confirm",
                        "partners CLIENT psp webhook",
                        "orders SERVER http post /webhooks/psp",
                        "orders CONSUMER payment event",
                        "orders PRODUCER order event",
                        "notifications CONSUMER orderflow.order-events process",
                        "orders CONSUMER ship order",
                        "shipping SERVER orderflow.shipping.v1.shippingservice/createshipment",
                        "orders CONSUMER follow shipment",
                        "shipping SERVER orderflow.shipping.v1.shippingservice/trackshipment"));
        // ...and the trace id finds each service's own lines in its log
        for (String service : List.of("orders", "inventory", "shipping", "notifications", "analytics", "webhooks")) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(Files.readString(platform.log(service)))
                            .as("%s's log", service)
                            .contains("\"traceId\":\"" + placing + "\""));
        }
        for (String service : List.of("partners", "orders")) {
            assertThat(Files.readString(platform.log(service)))
                    .as("%s's log", service)
                    .contains("\"traceId\":\"" + paying + "\"");
        }
    }

    /** Zipkin (its API, as its UI reads it) has every one of the spans, "service KIND name", in the trace. */
    private void assertTrace(String traceId, List<String> expected) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    var response = http.send(
                            HttpRequest.newBuilder(platform.zipkin().resolve("/api/v2/trace/" + traceId))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    List<String> spans = new ArrayList<>();
                    for (JsonNode span : json.readTree(response.body())) {
                        spans.add(span.path("localEndpoint").path("serviceName").asText() + " "
                                + span.path("kind").asText() + " "
                                + span.path("name").asText());
                    }
                    for (String span : expected) {
                        assertThat(spans).as("trace %s", traceId).anySatisfy(found -> assertThat(found)
                                .startsWith(span));
                    }
                });
    }

    private static String hex(int digits) {
        var random = new java.security.SecureRandom();
        var hex = new StringBuilder();
        while (hex.length() < digits) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    /**
     * The README's refund walk-through: a partner refunds part of a paid order over REST; orders
     * asks the partner bank over SOAP (WS-Security, the refund id reused on any retry), the bank
     * settles it, and the refund, the order's refunded amount and the live stream all say so. A
     * second refund for more than is left is a 409.
     */
    @Test
    void aPartnerRefundsPartOfAPaidOrderThroughTheBankAndTheStreamShowsIt() throws Exception {
        String partner =
                clientCredentials("partner-acme", "partner-acme-secret", "orders:read orders:write orders:refund");
        String id = place(partner, order("e2e-refund", "KIT-001", 1));
        var paid = confirm(awaitPayment(partner, id), "pm_card_visa");
        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/orders/" + id)
                                .token(partner)
                                .send()
                                .json()
                                .at("/refundable/amount_minor")
                                .asLong()
                        > 0);
        long total = api.get("/api/orders/" + id)
                .token(partner)
                .send()
                .json()
                .at("/total/amount_minor")
                .asLong();

        try (var stream = SseClient.open(notificationsPort, "/api/orders/" + id + "/events", partner, null)) {
            assertThat(stream.status()).isEqualTo(200);
            var requested = api.post(
                            "/api/orders/" + id + "/refunds",
                            Map.of(
                                    "amount",
                                    Map.of("amount_minor", 1000, "currency", "EUR"),
                                    "reason",
                                    "e2e partial refund"))
                    .token(partner)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .send();
            assertThat(requested.status()).as(requested.body()).isEqualTo(202);
            String refundId = requested.json().get("id").asText();

            List<String> refundEvents = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!refundEvents.contains("dev.orderflow.order.refunded") && System.nanoTime() < deadline) {
                JsonNode data =
                        json.readTree(stream.next(Duration.ofSeconds(30)).data());
                if (data.has("refund")) {
                    assertThat(data.at("/refund/refund_id").asText()).isEqualTo(refundId);
                    refundEvents.add(data.get("event_type").asText());
                    if (data.get("event_type").asText().endsWith(".refunded")) {
                        assertThat(data.at("/refund/status").asText()).isEqualTo("REFUNDED");
                        assertThat(data.at("/refund/refunded/amount_minor").asLong())
                                .isEqualTo(1000);
                    }
                }
            }
            assertThat(refundEvents)
                    .containsExactly("dev.orderflow.order.refund_requested", "dev.orderflow.order.refunded");
        }
        JsonNode refunded =
                api.get("/api/orders/" + id + "/refunds").token(partner).send().json();
        assertThat(refunded.at("/items/0/status").asText()).isEqualTo("REFUNDED");
        JsonNode order = api.get("/api/orders/" + id).token(partner).send().json();
        assertThat(order.at("/refunded/amount_minor").asLong()).isEqualTo(1000);
        assertThat(order.at("/refundable/amount_minor").asLong()).isEqualTo(total - 1000);

        var tooMuch = api.post(
                        "/api/orders/" + id + "/refunds",
                        Map.of("amount", Map.of("amount_minor", total - 1000 + 1, "currency", "EUR")))
                .token(partner)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
        assertThat(tooMuch.status()).as(tooMuch.body()).isEqualTo(409);
        assertThat(tooMuch.json().get("type").asText()).endsWith("/refund-exceeds-refundable");
    }

    /**
     * Analytics over GraphQL: an order placed and paid over REST is in the read model at once (the
     * query names the version it must reflect, so it waits for it rather than answer stale), and an
     * open graphql-transport-ws subscription sees its changes live.
     */
    @Test
    void anOrderPlacedAndPaidOverRestIsInAnalyticsAtOnceAndOnAnOpenSubscription() throws Exception {
        String partner = clientCredentials("partner-acme", "partner-acme-secret");
        String dashboard = clientCredentials("analytics-dashboard", "analytics-dashboard-secret", "analytics:read");
        String customer = "e2e-analytics-" + System.nanoTime();
        var received = new java.util.concurrent.LinkedBlockingQueue<JsonNode>();
        var socket = http.newWebSocketBuilder()
                .subprotocols("graphql-transport-ws")
                .buildAsync(
                        URI.create("ws://localhost:" + analyticsPort + "/graphql"),
                        new java.net.http.WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(
                                    java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    try {
                                        received.add(json.readTree(text.toString()));
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                    text.setLength(0);
                                }
                                webSocket.request(1);
                                return null;
                            }
                        })
                .join();
        try {
            socket.sendText(
                            json.writeValueAsString(Map.of(
                                    "type",
                                    "connection_init",
                                    "payload",
                                    Map.of("Authorization", "Bearer " + dashboard))),
                            true)
                    .join();
            assertThat(received.poll(10, TimeUnit.SECONDS).get("type").asText()).isEqualTo("connection_ack");
            String subscription =
                    "subscription($c: ID) { orderUpdates(filter: { customer: $c }) { orderId eventType version status } }";
            socket.sendText(
                            json.writeValueAsString(Map.of(
                                    "id", "1",
                                    "type", "subscribe",
                                    "payload", Map.of("query", subscription, "variables", Map.of("c", customer)))),
                            true)
                    .join();
            // the subscription listens before the order exists (a subscription has no replay): the
            // service's gauge of live subscribers says so
            await().atMost(Duration.ofSeconds(10)).until(() -> liveSubscribers() >= 1);

            String id = place(partner, order(customer, "KIT-002", 1));
            long placedAt = System.nanoTime();
            JsonNode answer = analytics(
                    dashboard,
                    "query($id: ID!) { order(id: $id, minVersion: 1) { id status version customer { id } items { sku quantity } total { amountMinor currency } } }",
                    Map.of("id", id));
            long took = (System.nanoTime() - placedAt) / 1_000_000;
            System.out.println("Analytics answered for the order placed over REST " + took + " ms after its 201");
            assertThat(answer.has("errors")).as(answer.toString()).isFalse();
            assertThat(answer.at("/data/order/customer/id").asText()).isEqualTo(customer);
            assertThat(answer.at("/data/order/items/0/sku").asText()).isEqualTo("KIT-002");
            assertThat(took).as("placed over REST to answered over GraphQL, ms").isLessThan(1000);

            var paid = confirm(awaitPayment(partner, id), "pm_card_visa");
            assertThat(paid.status()).as(paid.body()).isEqualTo(200);
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen.contains("PAID") && System.nanoTime() < deadline) {
                JsonNode message = received.poll(30, TimeUnit.SECONDS);
                assertThat(message).as("a push within 30 s").isNotNull();
                JsonNode update = message.at("/payload/data/orderUpdates");
                assertThat(update.get("orderId").asText()).isEqualTo(id);
                seen.add(update.get("status").asText());
            }
            assertThat(seen).startsWith("AWAITING_PAYMENT").contains("PAID");
        } finally {
            socket.abort();
        }
    }

    @Test
    void aDeclinedCardEndsPaymentFailedWithTheStockBack() throws Exception {
        String token = clientCredentials("partner-acme", "partner-acme-secret");
        try (var inventory = inventory()) {
            long available = inventory.level("KIT-005").getAvailable();
            String id = place(token, order("e2e-declined", "KIT-005", 2));
            assertThat(inventory.level("KIT-005").getAvailable()).isEqualTo(available - 2);

            var declined = confirm(awaitPayment(token, id), "pm_card_chargeDeclined");
            assertThat(declined.status()).as(declined.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/orders/" + id)
                    .token(token)
                    .send()
                    .json()
                    .get("status")
                    .asText()
                    .equals("PAYMENT_FAILED"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> inventory.level("KIT-005").getAvailable() == available);
            var failed = api.get("/api/orders/" + id).token(token).send().json();
            assertThat(failed.at("/payment/status").asText()).isEqualTo("canceled");
        }
    }

    @Test
    void customersSignInWithPkceAndSeeOnlyTheirOwnOrders() throws Exception {
        String alice = aliceSignedIn();
        String bob = signedIn("bob", "bob-password");

        String bobsOrder = place(bob, order(null, "KIT-001", 1));
        String alicesOrder = place(alice, order(null, "KIT-002", 1));

        assertThat(api.get("/api/orders/" + bobsOrder).token(alice).send().status())
                .isEqualTo(404);
        assertThat(api.post("/api/orders/" + bobsOrder + "/cancel", null)
                        .token(alice)
                        .send()
                        .status())
                .isEqualTo(404);
        var alicesList =
                api.get("/api/orders?limit=100").token(alice).send().json().get("items");
        assertThat(alicesList).extracting(o -> o.get("customer_id").asText()).containsOnly("alice");
        assertThat(alicesList)
                .extracting(o -> o.get("id").asText())
                .contains(alicesOrder)
                .doesNotContain(bobsOrder);
        assertThat(api.get("/api/orders/" + bobsOrder)
                        .token(bob)
                        .send()
                        .json()
                        .get("customer_id")
                        .asText())
                .isEqualTo("bob");
    }

    @Test
    void reservesStockAndQuotesShippingForAnInStockOrder() throws Exception {
        String token = clientCredentials("orderflow-cli", "orderflow-cli-secret");
        try (var inventory = inventory()) {
            long reservedBefore = inventory.level("HOM-002").getReserved();

            String id = place(token, order("alice", "HOM-002", 3));

            var read = api.get("/api/orders/" + id).token(token).send().json();
            assertThat(read.at("/shipping/reservation_id").asText()).isEqualTo(id);
            assertThat(read.at("/shipping/price/amount_minor").asLong()).isPositive();
            assertThat(read.at("/total/amount_minor").asLong())
                    .isEqualTo(read.at("/subtotal/amount_minor").asLong()
                            + read.at("/shipping/price/amount_minor").asLong());
            assertThat(inventory.level("HOM-002").getReserved()).isEqualTo(reservedBefore + 3);
        }
    }

    @Test
    void refusesAnOutOfStockOrderAndReservesNothing() throws Exception {
        String token = clientCredentials("orderflow-cli", "orderflow-cli-secret");
        try (var inventory = inventory()) {
            var before = inventory.level("BAG-010");
            var body = new LinkedHashMap<String, Object>(order("alice", "OUT-010", 1));
            body.put(
                    "items", List.of(Map.of("sku", "BAG-010", "quantity", 1), Map.of("sku", "OUT-010", "quantity", 1)));

            var refused = placeOnce(token, body);

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("skus")).extracting(JsonNode::asText).containsExactly("OUT-010");
            var after = inventory.level("BAG-010");
            assertThat(after.getAvailable()).isEqualTo(before.getAvailable());
            assertThat(after.getReserved()).isEqualTo(before.getReserved());
        }
    }

    @Test
    void cancellingAnOrderRestoresTheStockAsWatchStockShows() throws Exception {
        String token = clientCredentials("orderflow-cli", "orderflow-cli-secret");
        try (var inventory = inventory()) {
            var levels = inventory.watch("KIT-004");
            await().atMost(Duration.ofSeconds(10)).until(() -> !levels.isEmpty());
            long available = levels.getFirst().getAvailable();

            String id = place(token, order("alice", "KIT-004", 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> levels.getLast().getAvailable() == available - 2);
            assertThat(api.post("/api/orders/" + id + "/cancel", null)
                            .token(token)
                            .send()
                            .status())
                    .isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).until(() -> levels.getLast().getAvailable() == available);
        }
    }

    @Test
    void refusesBadTokensAndBadInputWithoutChangingAnything() throws Exception {
        String token = clientCredentials("orderflow-cli", "orderflow-cli-secret");
        String customer = "e2e-bad-" + UUID.randomUUID();
        String[] parts = token.split("\\.");
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        ((ObjectNode) claims).put("customer_id", customer);
        String tampered =
                parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(claims))
                        + "." + parts[2];

        var forged = api.get("/api/orders").token(tampered).send();
        var unknownSku = api.post("/api/orders", order(customer, "NOP-001", 1))
                .token(token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
        var malformed = api.post("/api/orders", "{")
                .token(token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();

        assertThat(forged.status()).isEqualTo(401);
        assertThat(unknownSku.status()).isEqualTo(422);
        assertThat(malformed.status()).isEqualTo(400);
        var mine = api.get("/api/orders?limit=100").token(token).send().json().get("items");
        assertThat(mine).noneMatch(o -> o.get("customer_id").asText().equals(customer));
    }

    /**
     * Merchant webhooks: a receiver in Python (python3-requests to register, the standard library's
     * hmac to verify) gets the order placed and then cancelled over REST, both signed; so does the
     * launcher's demo receiver, which verifies with the Standard Webhooks library.
     */
    /** Where the client commands and the SDK find this platform (its ports are random). */
    private Map<String, String> clientEnvironment() {
        return platform.clientEnvironment();
    }

    /**
     * The read scope from a client nobody here wrote: Debian's python3-grpcio, no generated stubs,
     * reads stock with an {@code inventory:read} token, and the same token is refused a reservation.
     */
    @Test
    void aPythonGrpcClientReadsStockWithAReadOnlyTokenAndCannotReserve() throws Exception {
        JsonNode result = python(
                "stock_reader.py",
                identity.toString(),
                "localhost:" + inventoryPort,
                "orderflow-cli",
                "orderflow-cli-secret",
                "ACC-001");
        String printed = result.toString();
        assertThat(result.get("contains_sku").asBoolean()).as(printed).isTrue();
        assertThat(result.get("reserve_status").asText()).isEqualTo("PERMISSION_DENIED");
    }

    /** The promise: {@code ./orderflow demo} drives one order through every dialect and exits 0. */
    @Test
    void theDemoCommandDrivesOneOrderThroughEveryDialect() throws Exception {
        var builder = new ProcessBuilder(home.resolve("orderflow").toString(), "demo")
                .directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(clientEnvironment());
        Process demo = builder.start();
        String printed = new String(demo.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(demo.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(demo.exitValue()).as(printed).isZero();
        assertThat(printed)
                .contains(
                        "REST ",
                        "gRPC ",
                        "WebSocket ",
                        "SSE ",
                        "REST (PSP)",
                        "Webhook (PSP)",
                        "SOAP (bank)",
                        "GraphQL ",
                        "Webhook (merchant)")
                .contains(
                        "InventoryService/GetStock",
                        "ShippingService/QuoteShipping",
                        "REFUNDED by the bank",
                        "verified -> 204")
                .contains("Every boundary answered: 13 steps.")
                .doesNotContain("FAILED", "WARNING");
    }

    /**
     * A customer signs in from the command line: {@code login --pkce} prints the authorization URL,
     * a browser (here {@link PkceLogin#signIn}) signs alice in, the address it lands on is pasted
     * back, and the saved token (owner-only) shows alice her orders and no one else's.
     */
    @Test
    void aCustomerLogsInFromTheCommandLineWithPkceAndSeesOnlyHerOrders() throws Exception {
        String partner = clientCredentials("partner-acme", "partner-acme-secret");
        String alices = place(partner, order("alice", "ACC-001", 1));
        String bobs = place(partner, order("bob", "ACC-001", 1));
        Path config = Files.createTempDirectory(home.resolve("e2e/target"), "cli-config");
        var login = new ProcessBuilder(home.resolve("orderflow").toString(), "login", "--pkce")
                .directory(home.toFile())
                .redirectErrorStream(true);
        login.environment().putAll(clientEnvironment());
        login.environment().put("XDG_CONFIG_HOME", config.toString());
        Process process = login.start();
        var printed = new StringBuilder();
        URI authorize = null;
        try (var out = process.inputReader();
                var in = process.outputWriter()) {
            String line;
            while (authorize == null && (line = out.readLine()) != null) {
                printed.append(line).append('\n');
                if (line.contains("/oauth2/authorize?")) {
                    authorize = URI.create(line.trim());
                }
            }
            assertThat(authorize).as(printed.toString()).isNotNull();
            URI landed = new PkceLogin(identity, "storefront", STOREFRONT_REDIRECT)
                    .signIn(authorize, "alice", "alice-password");
            in.write(landed + "\n");
            in.flush();
            out.transferTo(java.io.Writer.nullWriter());
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(printed.toString()).isZero();
        Path token = config.resolve("orderflow/token.json");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                .isEqualTo("rw-------");

        var list = new ProcessBuilder(
                        home.resolve("orderflow").toString(), "orders", "list", "--limit", "0", "-o", "json")
                .directory(home.toFile());
        list.environment().putAll(clientEnvironment());
        list.environment().put("XDG_CONFIG_HOME", config.toString());
        Process listing = list.start();
        String orders = new String(listing.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(listing.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(listing.exitValue()).as(orders).isZero();
        var customers = new java.util.HashSet<String>();
        json.readTree(orders).forEach(o -> customers.add(o.get("customer_id").asText()));
        assertThat(customers).containsExactly("alice");
        assertThat(orders).contains(alices).doesNotContain(bobs);
    }

    /**
     * The Java SDK against the real services: typed REST with paging, gRPC, WebSocket and SSE, the
     * payment at the provider, a refund, GraphQL with a Relay connection, and an Ed25519-signed
     * merchant webhook checked by the SDK's verifier against the platform's JWKS.
     */
    @Test
    void theSdkDrivesAnOrderAcrossEveryBoundary() throws Exception {
        var env = clientEnvironment();
        var received =
                new java.util.concurrent.CopyOnWriteArrayList<dev.orderflow.sdk.webhooks.WebhookVerifier.Delivery>();
        var refused = new java.util.concurrent.atomic.AtomicInteger();
        var ws = new java.util.concurrent.CopyOnWriteArrayList<dev.orderflow.sdk.live.OrderEvent>();
        var sse = new java.util.concurrent.CopyOnWriteArrayList<dev.orderflow.sdk.live.OrderEvent>();
        var receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        try (var sdk = dev.orderflow.sdk.Orderflow.builder()
                .endpoints(dev.orderflow.sdk.Endpoints.fromEnvironment(env))
                .clientCredentials("orderflow-cli", "orderflow-cli-secret")
                .publishableKey("pk_test_orderflow_embedded_demo_key")
                .build()) {
            var verifier = sdk.ed25519WebhookVerifier();
            receiver.createContext("/hooks", exchange -> {
                try (exchange) {
                    String body = new String(
                            exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    try {
                        received.add(verifier.verify(body, exchange.getRequestHeaders()));
                        exchange.sendResponseHeaders(204, -1);
                    } catch (dev.orderflow.sdk.webhooks.WebhookVerifier.Invalid e) {
                        refused.incrementAndGet();
                        exchange.sendResponseHeaders(400, -1);
                    }
                }
            });
            receiver.start();
            var endpoint = sdk.webhookEndpoints()
                    .create(new dev.orderflow.sdk.rest.Models.EndpointRequest(
                            "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks", "SDK e2e", null, "v1a"));
            assertThat(endpoint.signatureScheme()).isEqualTo("v1a");
            assertThat(sdk.webhookEndpoints().list().stream().map(e -> e.id())).contains(endpoint.id());
            var live = sdk.events();
            // From the first position of every partition: the whole recent history, replayed, then live.
            String start = "0:0,1:0,2:0,3:0,4:0,5:0";
            var updates = new java.util.concurrent.CopyOnWriteArrayList<String>();
            var subscribed = new java.util.concurrent.CountDownLatch(1);
            try (var socket = live.websocket(null, start, ws::add);
                    var stream = live.sse(null, start, sse::add);
                    var graphqlUpdates = sdk.analytics()
                            .subscribe(
                                    "subscription { orderUpdates { orderId eventType version status } }",
                                    Map.of(),
                                    new dev.orderflow.sdk.stream.Listener<>() {
                                        @Override
                                        public void onItem(tools.jackson.databind.JsonNode data) {
                                            updates.add(data.toString());
                                        }

                                        @Override
                                        public void onConnected() {
                                            subscribed.countDown();
                                        }
                                    })) {
                assertThat(subscribed.await(30, TimeUnit.SECONDS))
                        .as("graphql-transport-ws acknowledged")
                        .isTrue();
                assertThat(sdk.products().list(7).stream().count()).isEqualTo(60); // 9 pages of 7
                long before =
                        sdk.inventory().stock(List.of("ACC-002")).getFirst().getAvailable();
                var order = sdk.orders()
                        .place(new dev.orderflow.sdk.rest.Models.PlaceOrder(
                                "alice",
                                List.of(new dev.orderflow.sdk.rest.Models.Line("ACC-002", 1)),
                                new dev.orderflow.sdk.rest.Models.Address(
                                        "Alice", "1 Market Street", "Lyon", "69001", "FR")));
                String id = order.id();
                assertThat(sdk.inventory().stock(List.of("ACC-002")).getFirst().getReserved())
                        .isPositive();
                assertThat(before).isPositive();
                var payment = await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> sdk.orders().get(id).value().payment(),
                                p -> p != null && p.clientSecret() != null);
                assertThat(sdk.payments()
                                .confirm(payment.intentId(), payment.clientSecret(), "pm_card_visa")
                                .status())
                        .isEqualTo("succeeded");
                await().atMost(Duration.ofSeconds(60)).until(() -> has(ws, id, "paid") && has(sse, id, "paid"));
                await().atMost(Duration.ofSeconds(60)).until(() -> updates.stream()
                        .anyMatch(u -> u.contains(id) && u.contains("dev.orderflow.order.paid")));

                var refund = sdk.orders()
                        .refund(
                                id,
                                new dev.orderflow.sdk.rest.Models.RefundRequest(
                                        new dev.orderflow.sdk.rest.Models.Money(100, "EUR"), "SDK e2e"));
                assertThat(refund.status()).isEqualTo("REQUESTED");
                await().atMost(Duration.ofSeconds(60)).until(() -> has(ws, id, "refunded"));
                assertThat(sdk.orders().refunds(id)).extracting(r -> r.status()).containsExactly("REFUNDED");

                var analyticsOrder = sdk.analytics()
                        .query("query($id: ID!) { order(id: $id, minVersion: 3) { status } }", Map.of("id", id))
                        .path("order");
                assertThat(analyticsOrder.path("status").asString()).isNotEqualTo("AWAITING_PAYMENT");
                var ids = sdk
                        .analytics()
                        .connection(
                                "query($first: Int, $after: String) { orders(first: $first, after: $after) "
                                        + "{ edges { node { id } } pageInfo { hasNextPage endCursor } } }",
                                Map.of(),
                                "orders",
                                1)
                        .stream()
                        .map(node -> node.path("id").asString())
                        .toList();
                assertThat(ids).contains(id).doesNotHaveDuplicates();

                await().atMost(Duration.ofSeconds(60)).until(() -> received.stream()
                        .anyMatch(d -> "order.paid".equals(d.type())
                                && id.equals(d.payload()
                                        .path("data")
                                        .path("order_id")
                                        .asString())));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> received.stream().anyMatch(d -> "ping".equals(d.type())));
                // What the receiver got is what the delivery log says was delivered.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                                sdk.webhookEndpoints().messages(endpoint.id(), "DELIVERED").stream()
                                        .map(m -> m.eventType()))
                        .contains("ping", "order.paid"));
                assertThat(refused).hasValue(0);
                assertThat(sdk.ordersRateLimit())
                        .hasValueSatisfying(limit -> assertThat(limit.quota()).isEqualTo(1200));
            } finally {
                sdk.webhookEndpoints().delete(endpoint.id());
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static boolean has(List<dev.orderflow.sdk.live.OrderEvent> events, String orderId, String type) {
        return events.stream()
                .anyMatch(e -> orderId.equals(e.orderId()) && ("dev.orderflow.order." + type).equals(e.eventType()));
    }

    @Test
    void aRegisteredEndpointReceivesAnOrderPlacedAndCancelledSigned() throws Exception {
        String webhooks = clientCredentials("partner-acme", "partner-acme-secret", "webhooks:manage");
        String token = clientCredentials("partner-acme", "partner-acme-secret");
        List<JsonNode> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Process receiver = new ProcessBuilder(
                        "/usr/bin/python3",
                        Path.of("src/test/python/webhook_receiver.py").toString(),
                        "http://localhost:" + webhooksPort,
                        webhooks,
                        String.valueOf(freePort()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Thread.ofVirtual().start(() -> {
            try (var reader = receiver.inputReader()) {
                reader.lines().forEach(line -> {
                    try {
                        lines.add(json.readTree(line));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (IOException ignored) {
                // the receiver was stopped
            }
        });
        try {
            await().atMost(Duration.ofSeconds(30))
                    .failFast("the Python receiver exited", () -> !receiver.isAlive())
                    .until(() -> lines.stream().anyMatch(line -> line.has("registered")));

            String id = place(token, order("e2e-webhooks", "ACC-001", 1));
            awaitPayment(token, id);
            var cancelled =
                    api.post("/api/orders/" + id + "/cancel", null).token(token).send();
            assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> lines.stream()
                                    .filter(line ->
                                            id.equals(line.path("order_id").asText()))
                                    .map(line -> line.path("type").asText())
                                    .toList(),
                            types -> types.containsAll(List.of("order.placed", "order.cancelled")));
            assertThat(lines.stream()
                            .filter(line -> id.equals(line.path("order_id").asText())))
                    .allMatch(line -> line.path("verified").asBoolean());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String demo = http.send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + demoReceiverPort + "/"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                return demo.lines()
                                .filter(line -> line.contains(id) && line.contains("verified"))
                                .count()
                        >= 2;
            });
        } finally {
            receiver.destroy();
        }
    }

    private String place(String token, Map<String, Object> body) {
        var response = placeOnce(token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    /** The order's payment once its intent exists at the provider (created just after the order). */
    private JsonNode awaitPayment(String token, String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !api.get("/api/orders/" + id)
                .token(token)
                .send()
                .json()
                .get("payment")
                .isNull());
        return api.get("/api/orders/" + id).token(token).send().json().get("payment");
    }

    /** What the customer's browser does: confirm at the provider with the publishable key and the client_secret. */
    private ApiClient.Response confirm(JsonNode payment, String paymentMethod) {
        return confirm(payment, paymentMethod, Map.of());
    }

    private ApiClient.Response confirm(JsonNode payment, String paymentMethod, Map<String, String> headers) {
        var psp = new ApiClient(URI.create("http://localhost:" + partnersPort), OpenApiContract.psp());
        var request = psp.post(
                        "/v1/payment_intents/" + payment.get("intent_id").asText() + "/confirm",
                        Map.of(
                                "payment_method",
                                paymentMethod,
                                "client_secret",
                                payment.get("client_secret").asText()))
                .token("pk_test_orderflow_embedded_demo_key");
        headers.forEach(request::header);
        return request.send();
    }

    /** alice's token, from signing in as a browser does (authorization code + PKCE). */
    private String aliceSignedIn() throws Exception {
        return signedIn("alice", "alice-password");
    }

    private String signedIn(String user, String password) throws Exception {
        return new PkceLogin(identity, "storefront", STOREFRONT_REDIRECT)
                .login(user, password, "openid orders:read orders:write")
                .get("access_token")
                .asText();
    }

    /** One attempt, no retry: the platform said it is up, so an order can be placed. */
    private ApiClient.Response placeOnce(String token, Map<String, Object> body) {
        return api.post("/api/orders", body)
                .token(token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
    }

    /** Inventory over gRPC, with the token of the orders service (the client that holds inventory:write). */
    /** analytics.live.subscribers{stream="orderUpdates"}, as /actuator/prometheus shows it. */
    private double liveSubscribers() throws Exception {
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + analyticsPort + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines()
                .filter(line ->
                        line.startsWith("analytics_live_subscribers{") && line.contains("stream=\"orderUpdates\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** A GraphQL query over HTTP, as any client sends it. */
    private JsonNode analytics(String token, String query, Map<String, Object> variables) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + analyticsPort + "/graphql"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                json.writeValueAsString(Map.of("query", query, "variables", variables))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private Inventory inventory() throws Exception {
        return Inventory.connect(
                inventoryPort, clientCredentials("orderflow-orders", "orderflow-orders-secret", "inventory:write"));
    }

    private String clientCredentials(String client, String secret) throws Exception {
        return clientCredentials(client, secret, "orders:read orders:write");
    }

    private String clientCredentials(String client, String secret, String scope) throws Exception {
        return platform.clientCredentials(client, secret, scope);
    }

    /** Runs one of src/test/python's one-shot clients with Debian's python3; it exits 0 and prints one JSON line. */
    private JsonNode python(String script, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("/usr/bin/python3", Path.of("src/test/python", script).toString()));
        command.addAll(List.of(arguments));
        Process client = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String printed = new String(client.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(client.exitValue()).as(printed).isZero();
        return json.readTree(printed);
    }

    /** The statuses an event stream pushes for one order, until it is DELIVERED (at most 90 s). */
    private List<String> statusesUntilDelivered(SseClient stream, String id) throws Exception {
        List<String> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!statuses.contains("DELIVERED") && System.nanoTime() < deadline) {
            JsonNode event = json.readTree(stream.next(Duration.ofSeconds(30)).data());
            if (event.get("order_id").asText().equals(id)) {
                statuses.add(event.get("new_status").asText());
            }
        }
        return statuses;
    }

    /** The dialects of the crossings in an X-ray answer. */
    private List<String> dialects(String xray) {
        List<String> dialects = new ArrayList<>();
        try {
            json.readTree(xray)
                    .get("crossings")
                    .forEach(crossing -> dialects.add(crossing.get("dialect").asText()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dialects;
    }

    private static Map<String, Object> order(String customerId, String sku, int quantity) {
        var body = new LinkedHashMap<String, Object>();
        if (customerId != null) {
            body.put("customer_id", customerId);
        }
        body.put("items", List.of(Map.of("sku", sku, "quantity", quantity)));
        body.put(
                "shipping_address",
                Map.of("name", "E2E", "line1", "1 Test Road", "city", "Lyon", "postal_code", "69001", "country", "FR"));
        return body;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
