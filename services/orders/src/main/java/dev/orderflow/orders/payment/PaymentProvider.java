package dev.orderflow.orders.payment;

import dev.orderflow.orders.Money;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The payment provider ({@code contracts/openapi/psp.yaml}) as the orders domain needs it. The REST
 * client stays behind this interface; every call has timeouts, retries (all of these calls are
 * safe to repeat) honouring Retry-After, and a circuit breaker.
 */
public interface PaymentProvider {

    /**
     * The order's payment intent, created on the first call: the order id is the provider's
     * Idempotency-Key, so a repeat (a retry, a second instance) returns the same intent.
     *
     * @throws PaymentProviderUnavailable when the provider cannot be reached or keeps refusing
     */
    Intent createIntent(UUID orderId, Money amount, String description);

    /** @throws PaymentProviderUnavailable when the provider cannot be reached or keeps refusing */
    Intent retrieve(String intentId);

    /**
     * Cancels the intent so that it can never be charged, unless it already succeeded: the answer
     * is the intent as it is now, {@code canceled} or {@code succeeded}.
     *
     * @throws PaymentProviderUnavailable when the provider cannot be reached or keeps refusing
     */
    Intent cancel(String intentId);

    /**
     * One page of the account's events, oldest first, after {@code startingAfter} (null: from the start).
     *
     * @throws PaymentProviderUnavailable when the provider cannot be reached or keeps refusing
     */
    EventPage events(String startingAfter, int limit);

    /**
     * A payment intent as the provider showed it.
     *
     * @param clientSecret null when the provider did not show it (event snapshots never do)
     * @param failure what the last failed attempt said ("card_declined: ..."), or null
     */
    record Intent(String id, String status, String clientSecret, UUID orderId, String failure) {

        /** From the provider's JSON (psp.yaml's PaymentIntent); an order id that is not a UUID is none. */
        public static Intent of(JsonNode intent) {
            JsonNode error = intent.path("last_payment_error");
            String failure = error.isObject()
                    ? error.path("code").asString("") + ": "
                            + error.path("message").asString("")
                    : null;
            return new Intent(
                    intent.path("id").asString(""),
                    intent.path("status").asString(""),
                    intent.path("client_secret").asString(null),
                    uuid(intent.path("metadata").path("order_id").asString(null)),
                    failure);
        }

        private static final java.util.regex.Pattern UUID_TEXT = java.util.regex.Pattern.compile(
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

        /** Another merchant's metadata is no order of ours: checked, not thrown and caught per event. */
        private static UUID uuid(String value) {
            return value != null && UUID_TEXT.matcher(value).matches() ? UUID.fromString(value) : null;
        }
    }

    /** @param events each event's id and the JSON the provider sent, unchanged */
    record EventPage(List<RawEvent> events, boolean hasMore) {}

    record RawEvent(String id, String type, String json) {}
}
