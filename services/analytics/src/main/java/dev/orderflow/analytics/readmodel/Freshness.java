package dev.orderflow.analytics.readmodel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * How far behind the order events the read model is, and waiting until it has caught up with what
 * a client has seen (read-your-writes across the split between orders and analytics).
 */
@Component
public class Freshness {

    private final ReadModel model;
    private final Clock clock = Clock.systemUTC();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition applied = lock.newCondition();
    private final Map<Integer, Long> lagByPartition = new ConcurrentHashMap<>();
    private volatile Instant newestEvent;

    Freshness(ReadModel model) {
        this.model = model;
    }

    /** The events of a partition not applied yet, as the consumer last knew. */
    void lag(int partition, long lag) {
        lagByPartition.put(partition, Math.max(0, lag));
    }

    /** After an event's transaction committed: wakes whoever waits for it. */
    void applied(OrderEvent event) {
        Instant at = event.occurredAt();
        if (newestEvent == null || at.isAfter(newestEvent)) {
            newestEvent = at;
        }
        lock.lock();
        try {
            applied.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void reset() {
        newestEvent = null;
        lagByPartition.clear();
    }

    /**
     * @param newestEventAgeMillis how old the newest applied event is; null before the first
     * @param consumerLag events on the topic not applied yet, as of the last one applied
     */
    public record Status(Long newestEventAgeMillis, long consumerLag) {}

    public Status status() {
        Instant newest = newestEvent;
        return new Status(
                newest == null
                        ? null
                        : Math.max(0, Duration.between(newest, clock.instant()).toMillis()),
                lagByPartition.values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * Waits until every given order is at least at the given version in the read model.
     *
     * @return false if that did not happen within {@code max}
     */
    public boolean awaitVersions(Map<UUID, Integer> versions, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (versions.entrySet().stream().allMatch(v -> model.version(v.getKey()) >= v.getValue())) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            lock.lock();
            try {
                // Re-checked after every event applied (or every 100 ms, so a missed signal costs little).
                applied.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            } finally {
                lock.unlock();
            }
        }
    }
}
