package dev.orderflow.orders.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.testing.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Orders receiving the payment provider's webhooks: signatures per Standard Webhooks (made here with
 * the same library the provider uses), the 5-minute window, rotation, and once per event id however
 * often and however concurrently an event is delivered. Every refusal stores nothing.
 */
class PspWebhookTest extends ApiTestSupport {

    @Test
    void acknowledgesASignedEventAndKeepsItOnceWhateverTheRepeats() throws Exception {
        String id = newId();
        String body = event(id, "payment_intent.succeeded");
        long before = inbox();

        var first = deliver(id, Instant.now(), body, sign(PSP_WEBHOOK_SECRET, id, Instant.now(), body));
        var again = deliver(id, Instant.now(), body, sign(PSP_WEBHOOK_SECRET, id, Instant.now(), body));

        assertThat(first.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(204);
        assertThat(inbox()).isEqualTo(before + 1);
        assertThat(jdbc.sql("SELECT payload FROM payment_inbox WHERE event_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo(body);
    }

    @Test
    void acceptsTimestampsWithinFiveMinutesAndRefusesTheRest() throws Exception {
        long before = inbox();

        assertThat(deliveredSignedAt(-301)).isEqualTo(400);
        assertThat(deliveredSignedAt(301)).isEqualTo(400);
        assertThat(inbox()).isEqualTo(before);
        assertThat(deliveredSignedAt(-299)).isEqualTo(204);
        assertThat(deliveredSignedAt(299)).isEqualTo(204);
        assertThat(inbox()).isEqualTo(before + 2);
    }

    /** A new event, correctly signed, with a timestamp this many seconds from now; its status. */
    private int deliveredSignedAt(long offsetSeconds) throws Exception {
        String id = newId();
        Instant at = Instant.now().plusSeconds(offsetSeconds);
        String body = event(id, "payment_intent.succeeded");
        return deliver(id, at, body, sign(PSP_WEBHOOK_SECRET, id, at, body)).status();
    }

    @Test
    void refusesABodyChangedByOneByte() throws Exception {
        String id = newId();
        Instant now = Instant.now();
        String body = event(id, "payment_intent.succeeded");
        String signature = sign(PSP_WEBHOOK_SECRET, id, now, body);
        long before = inbox();

        var tampered = deliver(id, now, body.replace("\"amount\":3990", "\"amount\":3991"), signature);

        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.json().get("type").asText()).endsWith("/webhook-signature-invalid");
        assertThat(inbox()).isEqualTo(before);
    }

    @Test
    void acceptsTheSecretBeingRotatedAwayFromAndAnyValidSignatureInTheHeader() throws Exception {
        String previous = newId();
        String several = newId();
        Instant now = Instant.now();
        String previousBody = event(previous, "payment_intent.created");
        String severalBody = event(several, "payment_intent.created");
        String wrong = sign("whsec_" + "c29tZW9uZSBlbHNlJ3Mgc2VjcmV0IG9mIDMyIGJ5dGVz", several, now, severalBody);

        var byPrevious =
                deliver(previous, now, previousBody, sign(PSP_PREVIOUS_WEBHOOK_SECRET, previous, now, previousBody));
        var oneOfSeveral =
                deliver(several, now, severalBody, wrong + " " + sign(PSP_WEBHOOK_SECRET, several, now, severalBody));

        assertThat(byPrevious.status()).isEqualTo(204);
        assertThat(oneOfSeveral.status()).isEqualTo(204);
    }

    @Test
    void refusesMissingAndGarbledHeadersAndChangesNothing() throws Exception {
        String id = newId();
        Instant now = Instant.now();
        String body = event(id, "payment_intent.succeeded");
        String good = sign(PSP_WEBHOOK_SECRET, id, now, body);
        long before = inbox();

        var none = api.post("/webhooks/psp", body).send();
        var garbledSignature = deliver(id, now, body, "v1,bm90IGEgc2lnbmF0dXJl");
        var garbledTimestamp = api.post("/webhooks/psp", body)
                .header("webhook-id", id)
                .header("webhook-timestamp", "yesterday")
                .header("webhook-signature", good)
                .send();
        var otherId = deliver(newId(), now, body, good); // the id is part of what is signed

        for (var refused : List.of(none, garbledSignature, garbledTimestamp, otherId)) {
            assertThat(refused.status()).isEqualTo(400);
        }
        assertThat(inbox()).isEqualTo(before);
    }

    /** 10,000 deliveries of 1,000 events, shuffled, 50 at a time: every one acknowledged, each event kept once. */
    @Test
    void keepsEachOfAThousandEventsOnceUnderTenThousandConcurrentDeliveries() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(newId());
        }
        List<String> deliveries = new ArrayList<>();
        for (int copy = 0; copy < 10; copy++) {
            deliveries.addAll(ids);
        }
        Collections.shuffle(deliveries, new Random(7));
        long before = inbox();
        var http = HttpClient.newHttpClient();
        var senders = new Semaphore(50);
        var acknowledged = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : deliveries) {
                senders.acquire();
                pool.submit(() -> {
                    try {
                        Instant now = Instant.now();
                        String body = event(id, "payment_intent.succeeded");
                        var response = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/psp"))
                                        .timeout(Duration.ofSeconds(30))
                                        .header("Content-Type", "application/json")
                                        .header("webhook-id", id)
                                        .header("webhook-timestamp", String.valueOf(now.getEpochSecond()))
                                        .header("webhook-signature", sign(PSP_WEBHOOK_SECRET, id, now, body))
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 204) {
                            acknowledged.incrementAndGet();
                        }
                        return null;
                    } finally {
                        senders.release();
                    }
                });
            }
        }

        assertThat(acknowledged.get()).isEqualTo(10_000);
        assertThat(inbox()).isEqualTo(before + 1_000);
    }

    private ApiClient.Response deliver(String id, Instant at, String body, String signature) {
        return api.post("/webhooks/psp", body)
                .header("webhook-id", id)
                .header("webhook-timestamp", String.valueOf(at.getEpochSecond()))
                .header("webhook-signature", signature)
                .send();
    }

    private static String sign(String secret, String id, Instant at, String body) throws Exception {
        return new Webhook(secret).sign(id, at.getEpochSecond(), body);
    }

    private static String event(String id, String type) {
        return """
                {"id":"%s","object":"event","type":"%s","created":1764669600,"data":{"object":\
                {"id":"pi_test","object":"payment_intent","amount":3990,"currency":"eur","status":"succeeded",\
                "metadata":{"order_id":"o-1"},"created":1764669590}}}"""
                .formatted(id, type);
    }

    private static String newId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    private long inbox() {
        return jdbc.sql("SELECT COUNT(*) FROM payment_inbox").query(Long.class).single();
    }
}
