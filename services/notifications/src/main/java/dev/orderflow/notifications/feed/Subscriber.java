package dev.orderflow.notifications.feed;

import java.util.UUID;

/**
 * What the {@link Hub} needs of a subscription: whose events it follows (for the index) and where
 * to deliver them. The hub calls every method under its lock, in event order.
 */
public interface Subscriber {

    /** The one order followed, or null for every order the caller may see. */
    UUID orderId();

    /** The customer whose orders are followed, or null for a partner (every customer). */
    String customerId();

    boolean matches(OrderChange event);

    /** Live from {@code position}; {@code resync}: events after the requested position are gone. */
    void startAt(Position position, boolean resync);

    /** One event, live or replayed from the buffer. */
    void deliver(OrderChange event, boolean replayed);
}
