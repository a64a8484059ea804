package dev.orderflow.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Time the tests control: every wait scheduled through it (retry backoff, Retry-After, rate-limit
 * holds) is recorded, moves its clock forward by that much, and runs at once.
 */
public final class TestTime extends ScheduledThreadPoolExecutor {

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private volatile Instant now = Instant.parse("2026-12-02T10:00:00Z");

    public TestTime() {
        super(2);
    }

    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    /** Every wait asked for, in order. */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(java.util.concurrent.Callable<V> callable, long delay, TimeUnit unit) {
        Duration wait = Duration.ofNanos(unit.toNanos(delay));
        waits.add(wait);
        advance(wait);
        return super.schedule(callable, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Duration wait = Duration.ofNanos(unit.toNanos(delay));
        waits.add(wait);
        advance(wait);
        return super.schedule(command, 0, TimeUnit.MILLISECONDS);
    }
}
