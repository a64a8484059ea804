package dev.orderflow.sdk.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of one server's rate limit, learnt from its headers
 * (draft-ietf-httpapi-ratelimit-headers): {@code RateLimit-Policy: "name";q=1200;w=60} sets a
 * Resilience4j {@link RateLimiter} to the policy's sustained rate (q/w per second), so a client that
 * sends as fast as it can never outruns the server's refill; {@code RateLimit: "name";r=0;t=7}
 * (nothing left, e.g. because other clients share the budget) holds every request until the reset.
 * Before the first response nothing is known and nothing is held.
 */
public final class RateLimitBudget {

    private static final Pattern Q = Pattern.compile(";\\s*q=(\\d+)");
    private static final Pattern W = Pattern.compile(";\\s*w=(\\d+)");
    private static final Pattern R = Pattern.compile(";\\s*r=(\\d+)");
    private static final Pattern T = Pattern.compile(";\\s*t=(\\d+)");

    /** What the server said last. */
    public record Snapshot(long quota, long windowSeconds, long remaining, long resetSeconds) {}

    private final Clock clock;
    private final String name;
    private volatile RateLimiter limiter;
    private volatile String policy;
    private volatile Instant heldUntil = Instant.MIN;
    private volatile Snapshot last;
    private volatile long quota = -1;
    private volatile long window = -1;

    public RateLimitBudget(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    /** How long the next request must wait before it is sent (zero: at once); takes a permit. */
    public Duration reserve() {
        Duration hold = Duration.between(clock.instant(), heldUntil);
        Duration wait = hold.isNegative() ? Duration.ZERO : hold;
        RateLimiter current = limiter;
        if (current != null) {
            long nanos = current.reservePermission();
            if (nanos > 0) {
                wait = wait.plusNanos(nanos);
            }
        }
        return wait;
    }

    /** Learns from a response's headers. */
    public void observe(ApiResponse response) {
        response.header("RateLimit-Policy").ifPresent(this::policy);
        Optional<String> state = response.header("RateLimit");
        if (state.isEmpty()) {
            return;
        }
        OptionalLong remaining = number(R, state.get());
        OptionalLong reset = number(T, state.get());
        if (remaining.isPresent() && reset.isPresent()) {
            last = new Snapshot(quota, window, remaining.getAsLong(), reset.getAsLong());
            if (remaining.getAsLong() == 0) {
                heldUntil = clock.instant().plusSeconds(Math.max(1, reset.getAsLong()));
            }
        }
    }

    /** A 429 holds everything for its {@code Retry-After}. */
    public void refused(Duration retryAfter) {
        Instant until = clock.instant().plus(retryAfter);
        if (until.isAfter(heldUntil)) {
            heldUntil = until;
        }
    }

    public Optional<Snapshot> last() {
        return Optional.ofNullable(last);
    }

    private synchronized void policy(String header) {
        if (header.equals(policy)) {
            return;
        }
        OptionalLong q = number(Q, header);
        OptionalLong w = number(W, header);
        if (q.isEmpty() || w.isEmpty() || q.getAsLong() <= 0 || w.getAsLong() <= 0) {
            return;
        }
        quota = q.getAsLong();
        window = w.getAsLong();
        // The sustained rate, in periods of at least a second: 1200 per 60 s is 20 per second.
        long perSecond = quota / window;
        RateLimiterConfig config = perSecond >= 1
                ? RateLimiterConfig.custom()
                        .limitForPeriod((int) Math.min(Integer.MAX_VALUE, perSecond))
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ofDays(1))
                        .build()
                : RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofMillis(window * 1000 / quota))
                        .timeoutDuration(Duration.ofDays(1))
                        .build();
        limiter = RateLimiter.of(name, config);
        policy = header;
    }

    private static OptionalLong number(Pattern pattern, String header) {
        Matcher m = pattern.matcher(header);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
