package dev.orderflow.notifications.feed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The bounded buffer of recent events that clients resume from: the last {@code capacity} events
 * of all partitions, in the order they were read, and for each partition the first offset from
 * which it holds every event ({@code complete}). Not thread-safe: the {@link Hub} guards it.
 */
final class RecentEvents {

    /** What a resume finds: the events after the position, or that some are gone. */
    sealed interface Replay {}

    record Events(List<OrderChange> events) implements Replay {}

    record TooOld() implements Replay {}

    private final int capacity;
    private final ArrayDeque<OrderChange> events;
    private final Map<Integer, Long> completeFrom = new HashMap<>();

    RecentEvents(int capacity) {
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** A partition is read from {@code offset} on: the buffer is complete for it from there. */
    void startPartition(int partition, long offset) {
        events.removeIf(e -> e.partition() == partition);
        completeFrom.put(partition, offset);
    }

    void add(OrderChange event) {
        if (events.size() == capacity) {
            OrderChange evicted = events.removeFirst();
            completeFrom.merge(evicted.partition(), evicted.offset() + 1, Math::max);
        }
        events.addLast(event);
    }

    /**
     * The events after a position that match the filter, in buffer order; {@link TooOld} when some
     * event after it may have been evicted (or was never read by this instance).
     */
    Replay after(Position position, Predicate<OrderChange> filter) {
        for (var partition : completeFrom.entrySet()) {
            if (position.next(partition.getKey()) < partition.getValue()) {
                return new TooOld();
            }
        }
        List<OrderChange> missed = new ArrayList<>();
        for (OrderChange event : events) {
            if (!position.isPast(event.partition(), event.offset()) && filter.test(event)) {
                missed.add(event);
            }
        }
        return new Events(missed);
    }

    int size() {
        return events.size();
    }
}
