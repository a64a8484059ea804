package dev.orderflow.orders.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.standardwebhooks.Webhook;
import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.testing.FuzzChecks;
import java.net.http.HttpRequest;
import java.time.Instant;
import org.springframework.test.context.TestPropertySource;

/**
 * The payment provider's webhook endpoint with anything in its three signature headers and its
 * body: a delivery signed with our secret is taken (204), anything else is a 400 problem that
 * stores nothing. Half of the inputs are signed properly, so the fuzzer also reaches what comes
 * after the signature (the id's length, the JSON, the inbox).
 */
// Thousands of requests a second from one caller: the rate limit (1,200 a minute) would answer
// most of them 429 before they reach what is fuzzed.
@TestPropertySource(properties = "orderflow.orders.rate-limit.capacity=100000000")
class PspWebhookFuzzTest extends ApiTestSupport {

    @FuzzTest(maxDuration = "10s")
    void anyHeadersAndBodyAreTakenWhenSignedOrRefusedWithAProblem(FuzzedDataProvider data) throws Exception {
        boolean signed = data.consumeBoolean();
        String id = data.consumeString(130);
        String timestamp = data.consumeString(24);
        String signature = data.consumeString(200);
        String body = data.consumeRemainingAsString();
        if (signed) {
            long now = Instant.now().getEpochSecond();
            timestamp = String.valueOf(now);
            signature = new Webhook(PSP_WEBHOOK_SECRET).sign(id, now, body);
        }
        String webhookTimestamp = timestamp;
        String webhookSignature = signature;

        var response = FuzzChecks.send(
                () -> FuzzChecks.to(port, "/webhooks/psp")
                        .header("Content-Type", "application/json")
                        .header("webhook-id", id)
                        .header("webhook-timestamp", webhookTimestamp)
                        .header("webhook-signature", webhookSignature)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                this::inboxRows);

        response.ifPresent(answer -> assertThat(answer.statusCode()).isIn(204, 400, 413, 415));
    }

    private long inboxRows() {
        return jdbc.sql("SELECT COUNT(*) FROM payment_inbox").query(Long.class).single();
    }
}
