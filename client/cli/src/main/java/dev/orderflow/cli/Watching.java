package dev.orderflow.cli;

import dev.orderflow.sdk.stream.Listener;
import dev.orderflow.sdk.stream.Subscription;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs a live subscription in the foreground: prints each item, notes reconnects on stderr, and
 * ends after {@code --max-events}, {@code --timeout}, Ctrl-C, or when the stream ends.
 */
final class Watching {

    /** When a watch stops by itself (else: Ctrl-C, or the stream's own end). */
    static final class Limits {
        @picocli.CommandLine.Option(names = "--max-events", description = "stop after this many")
        Integer maxEvents;

        @picocli.CommandLine.Option(names = "--timeout", description = "stop after this long, e.g. PT30S")
        Duration timeout;
    }

    private Watching() {}

    static <T> int run(
            ClientOptions client,
            Limits limits,
            Function<T, String> format,
            Function<Listener<T>, Subscription> subscribe)
            throws InterruptedException {
        return run(client.out(), client.err(), limits.maxEvents, limits.timeout, format, subscribe);
    }

    static <T> int run(
            PrintWriter out,
            PrintWriter err,
            Integer maxEvents,
            Duration timeout,
            Function<T, String> format,
            Function<Listener<T>, Subscription> subscribe)
            throws InterruptedException {
        var done = new CountDownLatch(1);
        var failure = new AtomicReference<Throwable>();
        var seen = new AtomicInteger();
        Subscription subscription = subscribe.apply(new Listener<>() {
            @Override
            public void onItem(T item) {
                int n = seen.incrementAndGet();
                if (maxEvents != null && n > maxEvents) {
                    return; // arrived while the subscription was being closed
                }
                synchronized (out) {
                    out.println(format.apply(item));
                    out.flush();
                }
                if (maxEvents != null && n == maxEvents) {
                    done.countDown();
                }
            }

            @Override
            public void onReconnecting(Throwable cause, Duration wait) {
                synchronized (err) {
                    err.println("orderflow: connection lost (" + cause.getMessage() + "); resuming in "
                            + wait.toMillis() + " ms");
                    err.flush();
                }
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }

            @Override
            public void onError(Throwable error) {
                failure.set(error);
                done.countDown();
            }
        });
        Thread closer = new Thread(subscription::close);
        Runtime.getRuntime().addShutdownHook(closer);
        try {
            if (timeout == null) {
                done.await();
            } else {
                done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            subscription.close();
            try {
                Runtime.getRuntime().removeShutdownHook(closer);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
        Throwable error = failure.get();
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error != null) {
            throw new CliException(CliException.UNAVAILABLE, error.toString());
        }
        return 0;
    }
}
