package dev.orderflow.orders.fulfilment;

import java.time.Duration;

/** A service the order needs is down, slow, or behind an open circuit breaker: a 503 with Retry-After. */
public class DependencyUnavailable extends RuntimeException {

    private final String dependency;
    private final Duration retryAfter;

    public DependencyUnavailable(String dependency, Duration retryAfter, Throwable cause) {
        super(dependency + " is unavailable", cause);
        this.dependency = dependency;
        this.retryAfter = retryAfter;
    }

    public String dependency() {
        return dependency;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
