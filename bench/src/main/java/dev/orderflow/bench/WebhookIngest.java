package dev.orderflow.bench;

import com.standardwebhooks.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The orders service's payment-provider webhook receiver under load, against a running platform
 * (./orderflow up): signed deliveries verified, stored and de-duplicated per second, and the
 * acknowledgement latency, at a given concurrency. Every event is delivered {@code repeats} times,
 * as at-least-once delivery does. Usage:
 * {@code ./mvnw -q -pl bench toolchains:select-jdk-toolchain exec:exec -Dbench=WebhookIngest -Dbench.args="50 20000 2"}
 * (concurrency, deliveries, repeats per event, and the
 * rate of the open-loop round, 2,000/s by default). Signs with the embedded demo secret.
 */
public final class WebhookIngest {

    private WebhookIngest() {}

    private static final String SECRET = "whsec_ZW1iZWRkZWQtZGVtby13ZWJob29rLXNlY3JldC0zMmI=";

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int deliveries = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        URI receiver = URI.create(System.getProperty("orders", "http://localhost:8082") + "/webhooks/psp");
        HttpClient http = HttpClient.newHttpClient();
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 2_000;
        // A first round, not counted, so the figures are the service's steady state, not its JIT's.
        run("warm-up", http, receiver, concurrency, deliveries / 2, repeats, 0);
        // As fast as the senders can go (throughput), then at the target rate (latency at that load).
        run("closed loop", http, receiver, concurrency, deliveries, repeats, 0);
        run("open loop", http, receiver, concurrency, deliveries, repeats, rate);
    }

    /**
     * The deliveries are signed before the clock starts (a provider signs on its own machines; here
     * it shares two cores with the service, and its HMACs would otherwise be measured as the
     * service's time). Timestamps stay well inside the receiver's 5-minute window.
     */
    private static void run(
            String label, HttpClient http, URI receiver, int concurrency, int deliveries, int repeats, double rate)
            throws Exception {
        Webhook signer = new Webhook(SECRET);
        String run = UUID.randomUUID().toString().substring(0, 8);
        long now = Instant.now().getEpochSecond();
        List<HttpRequest> requests = new ArrayList<>(deliveries);
        for (int n = 0; n < deliveries; n++) {
            String id = "evt_bench_" + run + "_" + (n / repeats);
            String body = "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                    + "\"created\":1764669600,\"data\":{\"object\":{\"id\":\"pi_bench\",\"object\":\"payment_intent\","
                    + "\"amount\":3990,\"currency\":\"eur\",\"status\":\"succeeded\",\"metadata\":{\"order_id\":\"bench\"},"
                    + "\"created\":1764669590}}}";
            requests.add(HttpRequest.newBuilder(receiver)
                    .header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", String.valueOf(now))
                    .header("webhook-signature", signer.sign(id, now, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
        }
        var next = new AtomicInteger();
        String name = "POST /webhooks/psp, " + label + " (signed, " + repeats + "x each)";
        Latency.Call deliver =
                () -> http.send(requests.get(next.getAndIncrement()), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 204;
        if (rate > 0) {
            Latency.measureAtRate(name, concurrency, rate, deliveries, deliver);
        } else {
            Latency.measure(name, concurrency, 0, deliveries, deliver);
        }
    }
}
