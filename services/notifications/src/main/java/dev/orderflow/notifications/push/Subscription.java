package dev.orderflow.notifications.push;

import dev.orderflow.defaults.security.Caller;
import dev.orderflow.notifications.feed.OrderChange;
import dev.orderflow.notifications.feed.Position;
import dev.orderflow.notifications.feed.Subscriber;
import java.util.UUID;

/**
 * One stream of pushes: a topic, seen by a viewer, delivered to a sink, with its own position
 * (what it has passed in each partition). The {@link dev.orderflow.notifications.feed.Hub} calls
 * it under its lock, so the position needs no synchronisation of its own.
 */
public final class Subscription implements Subscriber {

    /** Renders pushes for a transport and queues them on the connection's {@link Outbound}. */
    public interface Sink {
        /** The subscription is live from {@code position} (replayed events, if any, follow). */
        void started(Subscription subscription, Position position);

        void event(Subscription subscription, OrderChange event, Position position, boolean replayed);

        /** Events after the requested position are gone: the client must refetch, then continue. */
        void resync(Subscription subscription, Position position);
    }

    private final Topic topic;
    private final Caller viewer;
    private final Sink sink;
    private Position position;

    public Subscription(Topic topic, Caller viewer, Sink sink) {
        this.topic = topic;
        this.viewer = viewer;
        this.sink = sink;
    }

    public Topic topic() {
        return topic;
    }

    @Override
    public UUID orderId() {
        return topic.orderId();
    }

    @Override
    public String customerId() {
        return viewer.customerId();
    }

    @Override
    public boolean matches(OrderChange event) {
        return viewer.mayAccess(event.customerId())
                && (topic.orderId() == null || topic.orderId().equals(event.orderId()));
    }

    /** Starts at a position (the hub's, or the one a resuming client passed). */
    @Override
    public void startAt(Position start, boolean resync) {
        this.position = start.copy();
        if (resync) {
            sink.resync(this, position.copy());
        } else {
            sink.started(this, position.copy());
        }
    }

    /** Pushes the event unless this subscription has passed it already (a resume from ahead). */
    @Override
    public void deliver(OrderChange event, boolean replayed) {
        if (position.isPast(event.partition(), event.offset())) {
            return;
        }
        position.advance(event.partition(), event.offset());
        sink.event(this, event, position.copy(), replayed);
    }
}
