package dev.orderflow.partners.psp;

import com.standardwebhooks.Webhook;
import dev.orderflow.defaults.tracing.TraceContexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Sends due webhook deliveries, signed per the Standard Webhooks specification with the
 * {@code com.standardwebhooks} library ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}, one signature per
 * secret of the account). Any answer but 2xx, and any timeout, is a failed attempt, tried again
 * after the next wait of the retry schedule; every attempt is recorded. The body is the event
 * exactly as the event list shows it.
 */
@Component
class WebhookSender implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final WebhookDeliveries deliveries;
    private final PspEvents events;
    private final PspProperties properties;
    private final Map<String, PspProperties.Account> accounts;
    private final HttpClient http;
    private final Clock clock = Clock.systemUTC();
    private final Faults faults;
    private final Random drops = new Random();
    private final TraceContexts traces;

    WebhookSender(
            WebhookDeliveries deliveries,
            PspEvents events,
            PspProperties properties,
            Faults faults,
            TraceContexts traces) {
        this.deliveries = deliveries;
        this.traces = traces;
        this.events = events;
        this.properties = properties;
        this.faults = faults;
        this.accounts = properties.accounts().stream()
                .collect(Collectors.toMap(PspProperties.Account::id, Function.identity()));
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.webhooks().timeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect is an answer, not a 2xx
                .build();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::sendDue, properties.webhooks().sendInterval());
    }

    void sendDue() {
        for (WebhookDeliveries.Delivery delivery : deliveries.due(clock.instant(), 100)) {
            if (delivery.attempts() == 0
                    && drops.nextDouble() < faults.settings().webhookDropRate()) {
                deliveries.dropped(delivery);
                continue;
            }
            send(delivery);
        }
    }

    private void send(WebhookDeliveries.Delivery delivery) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        Integer status = null;
        String error = null;
        String body = events.payload(delivery.eventId());
        var request = HttpRequest.newBuilder()
                .timeout(properties.webhooks().timeout())
                .header("Content-Type", "application/json")
                .header("webhook-id", delivery.eventId())
                .header("webhook-timestamp", String.valueOf(at.getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        // In the trace of the request that caused the event (the payment's confirm, most often).
        try (var call = traces.callLater("psp webhook", delivery.traceParent(), "merchant", request::header)) {
            try {
                request.uri(URI.create(delivery.url()))
                        .header("webhook-signature", signatures(delivery, at.getEpochSecond(), body));
                status = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                call.status(status);
            } catch (IOException | IllegalArgumentException e) {
                call.error(e);
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // shutting down: the delivery stays due
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (status != null && status >= 200 && status < 300) {
            deliveries.attempted(
                    delivery, at, status, null, took, WebhookDeliveries.Status.DELIVERED, Optional.empty());
            return;
        }
        List<Duration> schedule = properties.webhooks().retrySchedule();
        Optional<Duration> retryIn = delivery.attempts() < schedule.size()
                ? Optional.of(schedule.get(delivery.attempts()))
                : Optional.empty();
        deliveries.attempted(
                delivery,
                at,
                status,
                error,
                took,
                retryIn.isPresent() ? WebhookDeliveries.Status.PENDING : WebhookDeliveries.Status.FAILED,
                retryIn);
        log.info(
                "Webhook {} to {} failed (attempt {}: {}); {}",
                delivery.eventId(),
                delivery.url(),
                delivery.attempts() + 1,
                status != null ? "HTTP " + status : error,
                retryIn.map(wait -> "next in " + wait).orElse("given up"));
    }

    /** Standard Webhooks: space-separated {@code v1,<signature>}, one per secret (rotation). */
    private String signatures(WebhookDeliveries.Delivery delivery, long timestamp, String body) {
        var account = accounts.get(delivery.accountId());
        try {
            StringBuilder header = new StringBuilder();
            for (String secret : account.webhookSecrets()) {
                if (!header.isEmpty()) {
                    header.append(' ');
                }
                header.append(new Webhook(secret).sign(delivery.eventId(), timestamp, body));
            }
            return header.toString();
        } catch (Exception e) { // the library's checked exceptions: an empty or malformed secret
            throw new IllegalStateException("cannot sign webhooks of account " + account.id(), e);
        }
    }
}
