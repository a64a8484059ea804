package dev.orderflow.defaults;

import java.time.Duration;
import org.slf4j.Logger;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Work a service needs done soon after start but must not wait for (services start in any order):
 * it runs on a virtual thread, retried with capped exponential backoff by Spring Framework's
 * {@link RetryTemplate}, until it succeeds, the policy gives up, or the thread is interrupted.
 */
public final class BackgroundRetry {

    private BackgroundRetry() {}

    /** Capped exponential backoff with jitter, for {@code maxRetries} retries after the first attempt. */
    public static RetryPolicy backoff(Duration first, Duration max, long maxRetries) {
        return RetryPolicy.builder()
                .delay(first)
                .multiplier(2)
                .maxDelay(max)
                .jitter(first.dividedBy(2))
                .maxRetries(maxRetries)
                .build();
    }

    /** Starts the work on a virtual thread named {@code name}; interrupt the thread to stop it. */
    public static Thread start(String name, RetryPolicy policy, Logger log, Runnable work) {
        var retry = new RetryTemplate(policy);
        retry.setRetryListener(new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
                log.info("{}: not done yet ({}); retrying", name, failure.getMessage());
            }
        });
        return Thread.ofVirtual().name(name).start(() -> {
            try {
                retry.execute(() -> {
                    work.run();
                    return null;
                });
            } catch (RetryException gaveUp) {
                if (!Thread.currentThread().isInterrupted()) {
                    log.warn("{}: gave up after {} retries", name, gaveUp.getRetryCount(), gaveUp.getCause());
                }
            }
        });
    }
}
