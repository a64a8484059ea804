package dev.orderflow.sdk.rest;

import dev.orderflow.sdk.http.ApiRequest;
import dev.orderflow.sdk.http.HttpTransport;
import java.net.URI;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a customer's browser does at the payment provider: confirm an order's payment intent with
 * the publishable key and the intent's client secret (never the provider's secret key). The
 * provider then tells orders by a signed webhook.
 */
public final class Payments extends RestClient {

    /** The intent after confirmation: its id and status ({@code succeeded}, {@code requires_payment_method}, ...). */
    public record Intent(String id, String status, String paymentMethod) {}

    private final String publishableKey;

    public Payments(HttpTransport transport, URI provider, String publishableKey) {
        super(transport, provider);
        this.publishableKey = publishableKey;
    }

    /**
     * Confirms with a test payment method ({@code pm_card_visa} succeeds, {@code
     * pm_card_chargeDeclined} is declined). Confirming is not idempotent at the provider, so it is
     * sent once (a refused connection aside).
     */
    public Intent confirm(String intentId, String clientSecret, String paymentMethod) {
        if (publishableKey == null) {
            throw new IllegalStateException("no publishable key configured (Orderflow.builder().publishableKey(...))");
        }
        var request = ApiRequest.post(
                        uri("/v1/payment_intents/" + Links.q(intentId) + "/confirm"),
                        transport.write(Map.of("payment_method", paymentMethod, "client_secret", clientSecret)),
                        Map.of("Authorization", "Bearer " + publishableKey))
                .anonymous();
        JsonNode body = transport.read(transport.exchange(request), JsonNode.class);
        return new Intent(
                body.path("id").asString(),
                body.path("status").asString(),
                body.path("payment_method").asString(null));
    }
}
