package dev.orderflow.webhooks.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try again after a failed attempt: the schedule's wait for this step, scaled by jitter (so
 * endpoints that fail together do not retry together), or the receiver's {@code Retry-After} if
 * that is longer (capped). Empty when the schedule is used up.
 */
final class RetrySchedule {

    private final DeliveryProperties properties;
    private final DoubleSupplier random;

    RetrySchedule(DeliveryProperties properties, DoubleSupplier random) {
        this.properties = properties;
        this.random = random;
    }

    /**
     * @param failedAttempts attempts failed in this round (a resend starts a new round), at least 1
     * @param retryAfter the receiver's {@code Retry-After} on a 429 or 503, if it sent one
     */
    Optional<Duration> next(int failedAttempts, Optional<Duration> retryAfter) {
        if (failedAttempts > properties.schedule().size()) {
            return Optional.empty();
        }
        Duration wait = properties.schedule().get(failedAttempts - 1);
        double factor = 1 + properties.jitter() * (2 * random.getAsDouble() - 1);
        Duration jittered = Duration.ofMillis(Math.round(wait.toMillis() * factor));
        Duration asked = retryAfter
                .map(after -> after.compareTo(properties.maxRetryAfter()) > 0 ? properties.maxRetryAfter() : after)
                .orElse(Duration.ZERO);
        return Optional.of(asked.compareTo(jittered) > 0 ? asked : jittered);
    }
}
