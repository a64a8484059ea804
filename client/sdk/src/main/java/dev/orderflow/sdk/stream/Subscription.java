package dev.orderflow.sdk.stream;

/** A live subscription; {@link #close()} ends it (no reconnect). */
public interface Subscription extends AutoCloseable {

    @Override
    void close();

    /** Whether it has ended (closed, completed or failed for good). */
    boolean isDone();
}
