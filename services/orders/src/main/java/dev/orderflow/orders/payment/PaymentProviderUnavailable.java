package dev.orderflow.orders.payment;

import java.time.Duration;

/**
 * The provider could not be reached, kept failing, or its breaker is open. Nothing happened at the
 * provider that a repeat of the same call would not also find (every call is safe to repeat).
 *
 * @see #retryAfter() how long the provider asked us to wait, when it said so
 */
public class PaymentProviderUnavailable extends RuntimeException {

    private final Duration retryAfter;

    public PaymentProviderUnavailable(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** The provider's Retry-After, or a default wait. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
