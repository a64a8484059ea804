package dev.orderflow.sdk.stream;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Keeps one logical stream alive over successive connections: when a connection drops for a
 * reason worth retrying, a new one is opened after an exponential, jittered wait (Resilience4j's
 * {@link IntervalFunction}); each connector resumes from the last position it delivered (a stream
 * position, a sequence number), so the listener sees every item once and in order. A connection
 * that delivered something resets the backoff. After {@code maxFailures} failed connections in a
 * row the stream fails for good.
 *
 * <p>Hand-written because no library here resumes an application-level stream: grpc-java retries
 * only until the first response message, and the JDK's WebSocket and HTTP clients do not reconnect.
 */
public final class Reconnecting<T> implements Subscription {

    /** Opens one connection, delivering to the callbacks; the connection closes when {@code close} is called. */
    @FunctionalInterface
    public interface Connector<T> {
        AutoCloseable connect(Connection<T> connection) throws Exception;
    }

    /** What a connection reports. */
    public interface Connection<T> {
        void item(T item);

        /** The connection is established (subscribed, the stream open). */
        void connected();

        /** The server finished the stream normally: nothing more will come. */
        void completed();

        /** The connection ended with {@code cause}: reconnect if it is retryable, else fail. */
        void failed(Throwable cause);
    }

    private final Connector<T> connector;
    private final Listener<T> listener;
    private final ScheduledExecutorService scheduler;
    private final Predicate<Throwable> retryable;
    private final int maxFailures;
    private final IntervalFunction backoff =
            IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(250), 2.0, 0.5, Duration.ofSeconds(10));
    private final Object lock = new Object();
    private AutoCloseable current;
    private int generation;
    private int failures;
    private volatile boolean done;

    public Reconnecting(
            Connector<T> connector,
            Listener<T> listener,
            ScheduledExecutorService scheduler,
            Predicate<Throwable> retryable,
            int maxFailures) {
        this.connector = connector;
        this.listener = listener;
        this.scheduler = scheduler;
        this.retryable = retryable;
        this.maxFailures = maxFailures;
    }

    public Reconnecting<T> start() {
        connect();
        return this;
    }

    private void connect() {
        int mine;
        synchronized (lock) {
            if (done) {
                return;
            }
            mine = ++generation;
        }
        try {
            AutoCloseable connection = connector.connect(new Connection<>() {
                @Override
                public void item(T item) {
                    synchronized (lock) {
                        if (done || mine != generation) {
                            return;
                        }
                        failures = 0;
                        listener.onItem(item);
                    }
                }

                @Override
                public void connected() {
                    synchronized (lock) {
                        if (!done && mine == generation) {
                            listener.onConnected();
                        }
                    }
                }

                @Override
                public void completed() {
                    if (current(mine)) {
                        finish(null);
                    }
                }

                @Override
                public void failed(Throwable cause) {
                    if (current(mine)) {
                        dropped(cause);
                    }
                }
            });
            synchronized (lock) {
                if (done || mine != generation) {
                    closeQuietly(connection);
                } else {
                    current = connection;
                }
            }
        } catch (Exception e) {
            if (current(mine)) {
                dropped(e);
            }
        }
    }

    private boolean current(int mine) {
        synchronized (lock) {
            return !done && mine == generation;
        }
    }

    private void dropped(Throwable cause) {
        int attempt;
        synchronized (lock) {
            generation++; // whatever the old connection still reports is ignored
            closeQuietly(current);
            current = null;
            attempt = ++failures;
        }
        if (!retryable.test(cause) || attempt > maxFailures) {
            finish(cause);
            return;
        }
        Duration wait = Duration.ofMillis(backoff.apply(attempt));
        listener.onReconnecting(cause, wait);
        scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void finish(Throwable error) {
        synchronized (lock) {
            if (done) {
                return;
            }
            done = true;
            closeQuietly(current);
            current = null;
        }
        if (error == null) {
            listener.onCompleted();
        } else {
            listener.onError(error);
        }
    }

    @Override
    public void close() {
        finish(null);
    }

    @Override
    public boolean isDone() {
        return done;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing a connection that is already gone
        }
    }
}
