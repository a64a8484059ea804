package dev.orderflow.notifications.feed;

import dev.orderflow.notifications.NotificationsProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Where events meet subscriptions. Every event read from Kafka goes through {@link #publish}:
 * duplicates (same event id) are dropped, the event joins the recent buffer, and each matching
 * subscription gets it. Subscribing replays from the buffer under the same lock, so a resuming
 * client sees every event exactly once, whether it arrived before or after the resume.
 *
 * <p>The lock is held only to queue pushes (never to write to a socket), so its cost is one
 * enqueue per matching subscription. Subscribers are indexed by customer and by order, so an
 * event costs nothing for the connections it does not concern.
 */
@Component
public class Hub {

    private static final int REMEMBERED_IDS = 50_000;

    private final RecentEvents recent;
    private final Position current = Position.empty();
    private final Map<String, Set<Subscriber>> byCustomer = new HashMap<>();
    private final Map<UUID, Set<Subscriber>> byOrder = new HashMap<>();
    private final Set<Subscriber> everything = new LinkedHashSet<>();
    private final Set<UUID> seen = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    });
    private int subscriptions;

    public Hub(NotificationsProperties properties, MeterRegistry meters) {
        this.recent = new RecentEvents(properties.bufferSize());
        Gauge.builder("orderflow.notifications.subscriptions", this, Hub::subscriptionCount)
                .register(meters);
        Gauge.builder("orderflow.notifications.buffered.events", this, Hub::bufferedCount)
                .register(meters);
    }

    /** Does this instance already read the partition (it was assigned before)? */
    public synchronized boolean reads(int partition) {
        return current.knows(partition);
    }

    /** This instance reads a partition from {@code offset} on. */
    public synchronized void partitionStarted(int partition, long offset) {
        recent.startPartition(partition, offset);
        current.set(partition, offset);
    }

    /** An event read from the topic; returns false for a duplicate (an event id seen before). */
    public synchronized boolean publish(OrderChange event) {
        current.advance(event.partition(), event.offset());
        if (!seen.add(event.eventId())) {
            return false;
        }
        recent.add(event);
        for (Subscriber subscription : interestedIn(event)) {
            subscription.deliver(event, false);
        }
        return true;
    }

    /** A record that is not an order event this service can push: the position moves past it. */
    public synchronized void skip(int partition, long offset) {
        current.advance(partition, offset);
    }

    /**
     * Starts a subscription: from now, or after {@code resumeFrom} (replaying what it missed from
     * the buffer, or telling it to resync when that is no longer possible).
     */
    public synchronized void subscribe(Subscriber subscription, Position resumeFrom) {
        if (resumeFrom == null) {
            subscription.startAt(current, false);
        } else {
            switch (recent.after(resumeFrom, subscription::matches)) {
                case RecentEvents.Events missed -> {
                    subscription.startAt(resumeFrom, false);
                    missed.events().forEach(event -> subscription.deliver(event, true));
                }
                case RecentEvents.TooOld tooOld -> subscription.startAt(current, true);
            }
        }
        index(subscription).add(subscription);
        subscriptions++;
    }

    public synchronized void unsubscribe(Subscriber subscription) {
        if (index(subscription).remove(subscription)) {
            subscriptions--;
        }
        UUID order = subscription.orderId();
        String customer = subscription.customerId();
        if (order != null) {
            byOrder.computeIfPresent(order, (id, set) -> set.isEmpty() ? null : set);
        } else if (customer != null) {
            byCustomer.computeIfPresent(customer, (id, set) -> set.isEmpty() ? null : set);
        }
    }

    public synchronized Position position() {
        return current.copy();
    }

    private synchronized int subscriptionCount() {
        return subscriptions;
    }

    private synchronized int bufferedCount() {
        return recent.size();
    }

    private Set<Subscriber> index(Subscriber subscription) {
        if (subscription.orderId() != null) {
            return byOrder.computeIfAbsent(subscription.orderId(), id -> new LinkedHashSet<>());
        }
        String customer = subscription.customerId();
        return customer == null ? everything : byCustomer.computeIfAbsent(customer, id -> new LinkedHashSet<>());
    }

    private List<Subscriber> interestedIn(OrderChange event) {
        List<Subscriber> interested = new ArrayList<>(everything);
        interested.addAll(byCustomer.getOrDefault(event.customerId(), Set.of()));
        for (Subscriber subscription : byOrder.getOrDefault(event.orderId(), Set.of())) {
            if (subscription.matches(event)) {
                interested.add(subscription);
            }
        }
        return interested;
    }
}
