package dev.orderflow.sdk.stream;

import java.time.Duration;

/** Receives a live stream's items; called from one thread at a time, in order. */
public interface Listener<T> {

    void onItem(T item);

    /** A connection is established and subscribed: items from now on will arrive (also after each reconnect). */
    default void onConnected() {}

    /** The connection dropped; a new one resumes from the last position after {@code wait}. */
    default void onReconnecting(Throwable cause, Duration wait) {}

    /** The stream ended for good: the server finished it (e.g. a delivered shipment) or the subscription was closed. */
    default void onCompleted() {}

    /** The stream failed for good (refused, or no connection after every attempt). */
    default void onError(Throwable error) {}
}
