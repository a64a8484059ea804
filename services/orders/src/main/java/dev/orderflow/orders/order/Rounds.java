package dev.orderflow.orders.order;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One flow's rounds of work, on one thread of their own: asked for by the scheduler every interval
 * and by whoever knows there is new work ("soon"), never two at once, and a request made while one
 * is waiting to start joins it. (A scheduled task alone would add up to a whole interval of latency
 * to every step of every order; Spring's scheduler has no "run now, coalesced" of its own.)
 */
final class Rounds implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Rounds.class);

    private final String name;
    private final Runnable round;
    private final ExecutorService thread;
    private final AtomicBoolean waiting = new AtomicBoolean();

    Rounds(String name, Runnable round) {
        this.name = name;
        this.round = round;
        this.thread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name(name).daemon().factory());
    }

    /** A round starts as soon as the current one (if any) ends. */
    void soon() {
        if (waiting.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    waiting.set(false);
                    try {
                        round.run();
                    } catch (RuntimeException e) {
                        log.warn("A round of {} failed; the next one tries again", name, e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                waiting.set(false);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
