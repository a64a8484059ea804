package dev.orderflow.orders.payment;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.orderflow.defaults.Problems;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/psp}: the payment provider's events, verified per Standard Webhooks with
 * the {@code com.standardwebhooks} library (HMAC-SHA256 over {@code id.timestamp.body}, constant
 * time, every signature of the header tried, timestamps within 5 minutes) against every configured
 * secret, then kept in the {@link PaymentInbox} and acknowledged at once. The raw body is what was
 * signed, so it is read as bytes, never re-serialised.
 */
@RestController
class PspWebhookController {

    private final List<Webhook> verifiers;
    private final PaymentInbox inbox;
    private final JsonMapper json;

    PspWebhookController(PaymentProperties properties, PaymentInbox inbox, JsonMapper json) {
        this.verifiers = properties.webhookSecrets().stream()
                .map(PspWebhookController::verifier)
                .toList();
        this.inbox = inbox;
        this.json = json;
    }

    @PostMapping(path = "/webhooks/psp", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> receive(@RequestBody byte[] body, @RequestHeader HttpHeaders headers) {
        String payload = new String(body, StandardCharsets.UTF_8);
        verify(payload, headers);
        String eventId = headers.getFirst("webhook-id");
        if (eventId.length() > 100) {
            throw new InvalidWebhook("webhook-id is longer than 100 characters"); // signed, but not one of ours
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (JacksonException e) {
            throw new InvalidWebhook("the body is not JSON");
        }
        inbox.receive(eventId, event.path("type").asString(""), payload);
        return ResponseEntity.noContent().build();
    }

    /** Any configured secret verifying the delivery is enough (a rotation keeps both for a while). */
    private void verify(String payload, HttpHeaders headers) {
        Map<String, List<String>> lowerCased = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach(lowerCased::put);
        Map<String, List<String>> standard = Map.of(
                "webhook-id", lowerCased.getOrDefault("webhook-id", List.of()),
                "webhook-timestamp", lowerCased.getOrDefault("webhook-timestamp", List.of()),
                "webhook-signature", lowerCased.getOrDefault("webhook-signature", List.of()));
        if (standard.values().stream().anyMatch(List::isEmpty)) {
            throw new InvalidWebhook("webhook-id, webhook-timestamp and webhook-signature are required");
        }
        String reason = "no webhook secret is configured";
        for (Webhook verifier : verifiers) {
            try {
                verifier.verify(payload, standard);
                return;
            } catch (WebhookVerificationException e) {
                reason = e.getMessage();
            }
        }
        throw new InvalidWebhook(reason);
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidWebhook e) {
        return Problems.of(
                HttpStatus.BAD_REQUEST, "webhook-signature-invalid", "Webhook signature invalid", e.getMessage());
    }

    private static Webhook verifier(String secret) {
        try {
            return new Webhook(secret);
        } catch (Exception e) { // the library's checked exception for an empty secret
            throw new IllegalStateException("orderflow.orders.payments.webhook-secrets holds an invalid secret", e);
        }
    }

    static final class InvalidWebhook extends RuntimeException {
        InvalidWebhook(String reason) {
            super("The webhook does not verify: " + reason + ".");
        }
    }
}
