package dev.orderflow.orders.payment.internal;

import dev.orderflow.orders.Money;
import dev.orderflow.orders.payment.PaymentProperties;
import dev.orderflow.orders.payment.PaymentProvider;
import dev.orderflow.orders.payment.PaymentProviderUnavailable;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payment provider's REST API, consumed: Spring's {@link RestClient} on the JDK's HTTP client
 * (connect and read timeouts), each call wrapped in a Resilience4j retry (exponential backoff with
 * jitter, or the provider's Retry-After on 429 and 503) inside a circuit breaker, so a provider that
 * is down is not hammered and callers fail fast. Every call here is safe to repeat: intents are
 * created with the order id as Idempotency-Key, and the others are reads or idempotent by nature.
 */
@Component
class PspClient implements PaymentProvider {

    private final RestClient http;
    private final JsonMapper json;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final boolean configured;

    PspClient(
            RestClient.Builder builder,
            JsonMapper json,
            PaymentProperties properties,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers) {
        PaymentProperties.Provider provider = properties.provider();
        var requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(provider.connectTimeout())
                .build());
        requests.setReadTimeout(provider.readTimeout());
        this.configured = provider.secretKey() != null && !provider.secretKey().isBlank();
        this.http = builder.clone()
                .baseUrl(provider.baseUrl().toString())
                .requestFactory(requests)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + provider.secretKey())
                .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .build();
        this.json = json;
        this.retry = retries.retry("psp", retryConfig(provider));
        this.breaker = breakers.circuitBreaker("psp");
    }

    /**
     * Retries what may succeed if repeated (no answer, 5xx, 429), waiting what the provider asked
     * for when it said, else exponentially longer with jitter; a Retry-After longer than we are
     * willing to wait in place ends the call at once.
     */
    static RetryConfig retryConfig(PaymentProperties.Provider provider) {
        IntervalFunction backoff =
                IntervalFunction.ofExponentialRandomBackoff(provider.initialBackoff(), 2.0, 0.5, provider.maxBackoff());
        return RetryConfig.custom()
                .maxAttempts(provider.maxAttempts())
                .retryOnException(e -> e instanceof Transient t && !t.waitTooLong(provider.maxRetryAfter()))
                .intervalBiFunction((attempt, outcome) -> {
                    if (outcome.isLeft() && outcome.getLeft() instanceof Transient t && t.retryAfter != null) {
                        return t.retryAfter.toMillis();
                    }
                    return backoff.apply(attempt);
                })
                .failAfterMaxAttempts(false)
                .build();
    }

    @Override
    public Intent createIntent(UUID orderId, Money amount, String description) {
        requireKey();
        Map<String, Object> body = Map.of(
                "amount", amount.amountMinor(),
                "currency", amount.currency().toLowerCase(Locale.ROOT),
                "metadata", Map.of("order_id", orderId.toString()),
                "description", description);
        return intent(call("create intent", () -> http.post()
                .uri("/v1/payment_intents")
                .header("Idempotency-Key", orderId.toString())
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(body))
                .exchange(this::answer)));
    }

    @Override
    public Intent retrieve(String intentId) {
        requireKey();
        return intent(call(
                "retrieve intent",
                () -> http.get().uri("/v1/payment_intents/{id}", intentId).exchange(this::answer)));
    }

    @Override
    public Intent cancel(String intentId) {
        requireKey();
        try {
            return intent(call("cancel intent", () -> http.post()
                    .uri("/v1/payment_intents/{id}/cancel", intentId)
                    .exchange(this::answer)));
        } catch (Refused refused) {
            if (refused.status == 409) {
                return retrieve(intentId); // it succeeded meanwhile: say so
            }
            throw refused;
        }
    }

    @Override
    public EventPage events(String startingAfter, int limit) {
        requireKey();
        JsonNode page = call("list events", () -> http.get()
                .uri(uri -> {
                    UriBuilder b = uri.path("/v1/events").queryParam("limit", limit);
                    if (startingAfter != null) {
                        b.queryParam("starting_after", startingAfter);
                    }
                    return b.build();
                })
                .exchange(this::answer));
        List<RawEvent> events = new ArrayList<>();
        for (JsonNode event : page.path("data")) {
            events.add(new RawEvent(
                    event.path("id").asString(), event.path("type").asString(), json.writeValueAsString(event)));
        }
        return new EventPage(events, page.path("has_more").asBoolean(false));
    }

    /** The call through the breaker and the retry; what is left of a failure, for the caller. */
    private JsonNode call(String what, Supplier<JsonNode> call) {
        try {
            return breaker.executeSupplier(Retry.decorateSupplier(retry, () -> {
                try {
                    return call.get();
                } catch (RestClientException e) { // no answer: refused, reset, timed out
                    throw new Transient("no answer (" + e.getMostSpecificCause().getMessage() + ")", null);
                }
            }));
        } catch (Transient e) {
            throw new PaymentProviderUnavailable(
                    "The payment provider failed to " + what + ": " + e.getMessage(),
                    e.retryAfter != null ? e.retryAfter : Duration.ofSeconds(5),
                    e);
        } catch (CallNotPermittedException e) {
            throw new PaymentProviderUnavailable(
                    "The payment provider's circuit breaker is open; not trying to " + what, Duration.ofSeconds(5), e);
        }
    }

    /** The provider's answer: its JSON when 2xx, else what kind of failure it is. */
    private JsonNode answer(HttpRequest request, RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse response)
            throws IOException {
        HttpStatusCode status = response.getStatusCode();
        byte[] body = response.getBody().readAllBytes();
        HttpHeaders headers = response.getHeaders();
        if (status.is2xxSuccessful()) {
            return json.readTree(body);
        }
        int code = status.value();
        if (code == 429 || code >= 500) {
            throw new Transient("HTTP " + code, retryAfter(headers));
        }
        String detail = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        throw new Refused(code, detail.length() > 300 ? detail.substring(0, 300) : detail);
    }

    /** Retry-After in seconds (what the provider sends); an HTTP date or garbage counts as absent. */
    private static Duration retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Intent intent(JsonNode intent) {
        return Intent.of(intent);
    }

    private void requireKey() {
        if (!configured) {
            throw new PaymentProviderUnavailable(
                    "No API key for the payment provider (orderflow.orders.payments.provider.secret-key)",
                    Duration.ofMinutes(1),
                    null);
        }
    }

    /** A failure a repeat may not have: no answer, 5xx, 429. Counted by the breaker. */
    static final class Transient extends RuntimeException {
        final Duration retryAfter;

        Transient(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }

        boolean waitTooLong(Duration max) {
            return retryAfter != null && retryAfter.compareTo(max) > 0;
        }
    }

    /** The provider answered no (4xx): a repeat would get the same answer. Not a breaker failure. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String detail) {
            super("The payment provider answered " + status + ": " + detail);
            this.status = status;
        }
    }
}
