package dev.orderflow.sdk.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of one server's rate limit, learnt from its headers
 * (draft-ietf-httpapi-ratelimit-headers): {@code RateLimit-Policy: "name";q=1200;w=60} and
 * {@code RateLimit: "name";r=1180;t=1}.
 *
 * <ul>
 *   <li>While the server reports plenty left (more than a tenth of the quota, and at least 10),
 *       requests go at once: a burst uses the server's bucket, as it is meant to.
 *   <li>Below that, requests are paced by a Resilience4j {@link RateLimiter} at the policy's refill
 *       rate (one request per w/q), so the bucket is never emptied by this client.
 *   <li>{@code r=0} (other clients share the budget) or a 429 holds every request until the reset or
 *       the {@code Retry-After}.
 * </ul>
 *
 * The count left is the server's last figure, lowered by each request sent since, so parallel
 * requests in flight are counted before their answers arrive. Before the first answer nothing is
 * known and nothing is held.
 */
public final class RateLimitBudget {

    private static final Pattern Q = Pattern.compile(";\\s*q=(\\d+)");
    private static final Pattern W = Pattern.compile(";\\s*w=(\\d+)");
    private static final Pattern R = Pattern.compile(";\\s*r=(\\d+)");
    private static final Pattern T = Pattern.compile(";\\s*t=(\\d+)");

    /** What the server said last: quota and window (-1 if no policy seen), remaining, seconds to reset. */
    public record Snapshot(long quota, long windowSeconds, long remaining, long resetSeconds) {}

    private final Clock clock;
    private final String name;
    private final AtomicLong left = new AtomicLong(Long.MAX_VALUE);
    private volatile RateLimiter pacer;
    private volatile String policy;
    private volatile long quota = -1;
    private volatile long window = -1;
    private volatile Instant heldUntil = Instant.MIN;
    private volatile Snapshot last;

    public RateLimitBudget(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    /** How long the next request must wait before it is sent (zero: at once); counts it as sent. */
    public Duration reserve() {
        Duration hold = Duration.between(clock.instant(), heldUntil);
        Duration wait = hold.isNegative() ? Duration.ZERO : hold;
        long remaining = left.getAndDecrement();
        RateLimiter current = pacer;
        if (current != null && remaining <= floor()) {
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
            left.set(remaining.getAsLong());
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
        left.set(0);
    }

    public Optional<Snapshot> last() {
        return Optional.ofNullable(last);
    }

    private long floor() {
        return quota < 0 ? 0 : Math.max(10, quota / 10);
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
        // One request per refill interval: 1200 per 60 s is one every 50 ms.
        long intervalNanos = Math.max(1, Duration.ofSeconds(window).toNanos() / quota);
        pacer = RateLimiter.of(
                name,
                RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofNanos(intervalNanos))
                        .timeoutDuration(Duration.ofDays(1))
                        .build());
        policy = header;
    }

    private static OptionalLong number(Pattern pattern, String header) {
        Matcher m = pattern.matcher(header);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
