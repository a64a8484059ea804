package dev.orderflow.partners.psp;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A payment intent as the API shows it ({@code PaymentIntent} in psp.yaml). {@code client_secret}
 * only for whoever may see it; {@code payment_method} and {@code last_payment_error} always, null
 * when unset, as Stripe shows them.
 */
record IntentView(
        String id,
        String object,
        long amount,
        String currency,
        String status,
        String clientSecret,
        @JsonInclude(JsonInclude.Include.ALWAYS) String paymentMethod,
        @JsonInclude(JsonInclude.Include.ALWAYS) Error lastPaymentError,
        Map<String, String> metadata,
        String description,
        long created) {

    record Error(String code, String declineCode, String message) {}

    static IntentView of(PaymentIntent intent, boolean withSecret) {
        var error = intent.lastError();
        return new IntentView(
                intent.id(),
                "payment_intent",
                intent.amount(),
                intent.currency(),
                intent.status().wire(),
                withSecret ? intent.clientSecret() : null,
                intent.paymentMethod(),
                error == null ? null : new Error(error.code(), error.declineCode(), error.message()),
                intent.metadata(),
                intent.description(),
                intent.createdAt().getEpochSecond());
    }
}
