package dev.orderflow.orders.events;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The one thread on which order events are handed to Kafka.
 *
 * <p>Spring Modulith externalizes events on the {@code @Async} executor. The default one (a virtual
 * thread per event) lets the events of two quick changes of one order race each other to the
 * producer; one thread hands them to the (idempotent, in-order) Kafka producer in commit order.
 * It only hands over: {@code send()} returns at once and the acknowledgement arrives on the
 * producer's own thread. (The orders service has no other {@code @Async} work.)
 */
@Component
class OrderEventsPublisher implements AsyncConfigurer, SmartLifecycle {

    private final Duration drainTimeout;
    private volatile ThreadPoolTaskExecutor publisher;

    OrderEventsPublisher(PublicationProperties properties) {
        this.drainTimeout = properties.drainTimeout();
        this.publisher = newPublisher(drainTimeout);
    }

    private static ThreadPoolTaskExecutor newPublisher(Duration drainTimeout) {
        var executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setThreadNamePrefix("order-events-");
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationMillis(drainTimeout.toMillis());
        executor.initialize();
        return executor;
    }

    @Override
    public Executor getAsyncExecutor() {
        return task -> publisher.execute(task);
    }

    // Not a bean (Boot's own task executor, which Spring MVC uses, would back off for it), so its
    // life is managed here: it drains after the web server stopped taking requests and before the
    // Kafka producer closes. What it cannot hand over in time stays in the registry for the restart.
    @Override
    public synchronized void start() {
        if (!isRunning()) {
            publisher = newPublisher(drainTimeout);
        }
    }

    @Override
    public synchronized void stop() {
        publisher.shutdown();
    }

    @Override
    public boolean isRunning() {
        return !publisher.getThreadPoolExecutor().isShutdown();
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048; // stops after the web server's graceful shutdown
    }
}
