package dev.orderflow.bench;

import com.standardwebhooks.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The orders service's payment-provider webhook receiver under load, against a running platform
 * (./orderflow up): signed deliveries verified, stored and de-duplicated per second, and the
 * acknowledgement latency, at a given concurrency. Every event is delivered {@code repeats} times,
 * as at-least-once delivery does. Usage:
 * {@code ./mvnw -q -pl bench toolchains:select-jdk-toolchain exec:exec -Dbench=WebhookIngest -Dbench.args="50 20000 2"}
 * (concurrency, deliveries, repeats per event). Signs with the embedded demo secret.
 */
public final class WebhookIngest {

    private static final String SECRET = "whsec_ZW1iZWRkZWQtZGVtby13ZWJob29rLXNlY3JldC0zMmI=";

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int deliveries = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String receiver = System.getProperty("orders", "http://localhost:8082") + "/webhooks/psp";
        HttpClient http = HttpClient.newHttpClient();
        Webhook signer = new Webhook(SECRET);
        String run = UUID.randomUUID().toString().substring(0, 8);
        var next = new AtomicLong();
        Latency.measure("POST /webhooks/psp (signed, " + repeats + "x each)", concurrency, 200, deliveries, () -> {
            long n = next.getAndIncrement();
            String id = "evt_bench_" + run + "_" + (n / repeats);
            String body = "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                    + "\"created\":1764669600,\"data\":{\"object\":{\"id\":\"pi_bench\",\"object\":\"payment_intent\","
                    + "\"amount\":3990,\"currency\":\"eur\",\"status\":\"succeeded\",\"metadata\":{\"order_id\":\"bench\"},"
                    + "\"created\":1764669590}}}";
            long now = Instant.now().getEpochSecond();
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(receiver))
                            .header("Content-Type", "application/json")
                            .header("webhook-id", id)
                            .header("webhook-timestamp", String.valueOf(now))
                            .header("webhook-signature", signer.sign(id, now, body))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 204;
        });
    }
}
