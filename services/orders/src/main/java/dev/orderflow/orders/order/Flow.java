package dev.orderflow.orders.order;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * A flow that moves orders on by itself, in rounds of work on one thread of its own: a round is
 * asked for by the scheduler every interval and by whoever knows there is new work ({@link #soon}),
 * never two run at once, and a request made while one is waiting to start joins it. (A scheduled
 * task alone would add up to a whole interval of latency to every step of every order; Spring's
 * scheduler has no "run now, coalesced" of its own.)
 */
abstract class Flow implements SchedulingConfigurer, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Flow.class);

    private final String name;
    private final Duration interval;
    private final ExecutorService thread;
    private final AtomicBoolean waiting = new AtomicBoolean();

    Flow(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
        this.thread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name(name).daemon().factory());
    }

    /** One round: whatever is due now. Safe to repeat; what fails is found again by a later round. */
    abstract void round();

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::soon, interval);
    }

    /** New work: a round starts as soon as the current one (if any) ends. */
    void soon() {
        if (waiting.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    waiting.set(false);
                    try {
                        round();
                    } catch (RuntimeException e) {
                        log.warn("A round of {} failed; the next one tries again", name, e);
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                waiting.set(false);
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
