package dev.orderflow.orders.payment;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the payment provider in orders' own tests: the part of psp.yaml orders consumes
 * (create with Idempotency-Key, retrieve, cancel, the event list) on a loopback port, the outcome
 * of a payment decided by the test, signed webhooks to orders (or dropped), and faults to inject:
 * 503s, 429s with Retry-After, slowness. (The real provider is the partners app, tested in its
 * module and with orders in e2e; here what is under test is orders as its client.)
 */
public final class FakePaymentProvider implements AutoCloseable {

    public static final String SECRET_KEY = "sk_test_fake";

    private static final Pattern INTENT = Pattern.compile("/v1/payment_intents/(pi_[A-Za-z0-9]+)(/cancel)?");

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String webhookSecret;
    private volatile URI webhookUrl;

    private final Map<String, Map<String, Object>> intents = new ConcurrentHashMap<>();
    private final Map<String, String> intentByKey = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();

    /** Every API request, in arrival order: method, path, Idempotency-Key, when. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile Integer retryAfterSeconds;
    private volatile Duration delay = Duration.ZERO;
    private volatile double dropRate;
    private final Random random = new Random(7);
    public final AtomicInteger dropped = new AtomicInteger();

    public record Request(String method, String path, String query, String idempotencyKey, Instant at) {}

    public FakePaymentProvider(String webhookSecret) {
        this.webhookSecret = webhookSecret;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The id of the newest event listed. */
    public String lastEventId() {
        return (String) events.getLast().get("id");
    }

    /** Where webhooks go (orders' /webhooks/psp). */
    public void deliverTo(URI url) {
        this.webhookUrl = url;
    }

    /** The next {@code count} requests about intents are answered {@code status} (503 or 429), with Retry-After if given. */
    public void failNext(int count, int status, Integer retryAfterSeconds) {
        this.failStatus = status;
        this.retryAfterSeconds = retryAfterSeconds;
        failNext.set(count);
    }

    /** Every API request waits this long before it is answered. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** This share of webhooks is lost (from a seeded sequence); the events stay listed. */
    public void dropWebhooks(double rate) {
        this.dropRate = rate;
    }

    public void reset() {
        failNext.set(0);
        delay = Duration.ZERO;
        dropRate = 0;
        requests.clear();
    }

    /** The intents created for this order (by Idempotency-Key); more than one would be a defect. */
    public long intentsFor(UUID orderId) {
        return intents.values().stream()
                .filter(i -> orderId.toString().equals(((Map<?, ?>) i.get("metadata")).get("order_id")))
                .count();
    }

    public long createRequestsFor(UUID orderId) {
        return requests.stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/v1/payment_intents"))
                .filter(r -> orderId.toString().equals(r.idempotencyKey()))
                .count();
    }

    public String status(String intentId) {
        return (String) intents.get(intentId).get("status");
    }

    /** The customer confirmed with a card that works: succeeded, and its webhook sent. */
    public void succeed(String intentId) {
        change(intentId, "succeeded", "payment_intent.succeeded", null);
    }

    /** The customer's card was declined: requires_payment_method with the error, and its webhook sent. */
    public void decline(String intentId) {
        change(
                intentId,
                "requires_payment_method",
                "payment_intent.payment_failed",
                Map.of(
                        "code",
                        "card_declined",
                        "decline_code",
                        "generic_decline",
                        "message",
                        "Your card was declined."));
    }

    /** Sends a webhook for an event as the provider would (signed now), whatever its intent says now. */
    public int send(Map<String, Object> event) {
        String body = json.writeValueAsString(event);
        String id = (String) event.get("id");
        Instant now = Instant.now();
        try {
            String signature = new Webhook(webhookSecret).sign(id, now.getEpochSecond(), body);
            return client.send(
                            HttpRequest.newBuilder(webhookUrl)
                                    .header("Content-Type", "application/json")
                                    .header("webhook-id", id)
                                    .header("webhook-timestamp", String.valueOf(now.getEpochSecond()))
                                    .header("webhook-signature", signature)
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An event as psp.yaml lists it, about this intent as it is now, not sent anywhere. */
    public Map<String, Object> event(String intentId, String type) {
        Map<String, Object> snapshot = new LinkedHashMap<>(intents.get(intentId));
        snapshot.remove("client_secret");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
        event.put("object", "event");
        event.put("type", type);
        event.put("created", Instant.now().getEpochSecond());
        event.put("data", Map.of("object", snapshot));
        return event;
    }

    private synchronized void change(String intentId, String status, String type, Map<String, Object> error) {
        Map<String, Object> intent = intents.get(intentId);
        intent.put("status", status);
        intent.put("last_payment_error", error);
        Map<String, Object> event = event(intentId, type);
        events.add(event);
        boolean drop;
        synchronized (random) {
            drop = dropRate > 0 && random.nextDouble() < dropRate;
        }
        if (drop) {
            dropped.incrementAndGet();
        } else if (webhookUrl != null) {
            send(event);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            requests.add(new Request(
                    method,
                    path,
                    exchange.getRequestURI().getQuery(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    Instant.now()));
            if (!delay.isZero()) {
                // The injected fault itself (a slow provider), not a wait for an outcome.
                Thread.sleep(delay.toMillis());
            }
            if (!("Bearer " + SECRET_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(
                        exchange,
                        401,
                        Map.of(
                                "type",
                                "https://orderflow.dev/problems/unauthorized",
                                "title",
                                "Unauthorized",
                                "status",
                                401));
                return;
            }
            // Faults hit the intent operations only, not reconciliation's event reads running meanwhile.
            if (path.startsWith("/v1/payment_intents") && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (retryAfterSeconds != null) {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
                }
                answer(
                        exchange,
                        failStatus,
                        Map.of(
                                "type",
                                "https://orderflow.dev/problems/injected",
                                "title",
                                "Injected",
                                "status",
                                failStatus));
                return;
            }
            Matcher one = INTENT.matcher(path);
            if (method.equals("POST") && path.equals("/v1/payment_intents")) {
                answer(exchange, 200, create(exchange));
            } else if (method.equals("GET") && path.equals("/v1/events")) {
                answer(exchange, 200, events(exchange.getRequestURI().getQuery()));
            } else if (one.matches() && intents.containsKey(one.group(1))) {
                Map<String, Object> intent = intents.get(one.group(1));
                if (method.equals("POST") && one.group(2) != null) {
                    synchronized (this) {
                        if ("succeeded".equals(intent.get("status"))) {
                            answer(
                                    exchange,
                                    409,
                                    Map.of(
                                            "type",
                                            "https://orderflow.dev/problems/intent-unexpected-state",
                                            "title",
                                            "Conflict",
                                            "status",
                                            409));
                            return;
                        }
                        if (!"canceled".equals(intent.get("status"))) {
                            intent.put("status", "canceled");
                            events.add(event(one.group(1), "payment_intent.canceled"));
                        }
                    }
                }
                answer(exchange, 200, intent);
            } else {
                answer(
                        exchange,
                        404,
                        Map.of(
                                "type",
                                "https://orderflow.dev/problems/not-found",
                                "title",
                                "Not found",
                                "status",
                                404));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates the order's intent as orders would (its id as Idempotency-Key), without orders; its id. */
    public String createIntent(UUID orderId, long amount) {
        return (String)
                create(orderId.toString(), amount, "eur", orderId.toString()).get("id");
    }

    private Map<String, Object> create(HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
        return create(
                exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                body.path("amount").asLong(),
                body.path("currency").asString(),
                body.path("metadata").path("order_id").asString());
    }

    private synchronized Map<String, Object> create(String key, long amount, String currency, String orderId) {
        String existing = key == null ? null : intentByKey.get(key);
        if (existing != null) {
            return intents.get(existing);
        }
        String id = "pi_" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", id);
        intent.put("object", "payment_intent");
        intent.put("amount", amount);
        intent.put("currency", currency);
        intent.put("status", "requires_payment_method");
        intent.put(
                "client_secret", id + "_secret_" + UUID.randomUUID().toString().replace("-", ""));
        intent.put("metadata", Map.of("order_id", orderId));
        intent.put("created", Instant.now().getEpochSecond());
        intents.put(id, intent);
        if (key != null) {
            intentByKey.put(key, id);
        }
        events.add(event(id, "payment_intent.created"));
        return intent;
    }

    private Map<String, Object> events(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        int limit = Integer.parseInt(params.getOrDefault("limit", "10"));
        List<Map<String, Object>> all = new ArrayList<>(events);
        int start = 0;
        if (params.containsKey("starting_after")) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).get("id").equals(params.get("starting_after"))) {
                    start = i + 1;
                }
            }
        }
        List<Map<String, Object>> page = all.subList(start, Math.min(all.size(), start + limit));
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("url", "/v1/events");
        list.put("has_more", start + limit < all.size());
        list.put("data", page);
        return list;
    }

    private void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", status < 300 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
