package dev.orderflow.orders.fulfilment.internal;

import dev.orderflow.orders.fulfilment.ClientDeadlineExceeded;
import dev.orderflow.orders.fulfilment.ClientDeadlineFilter;
import dev.orderflow.orders.fulfilment.DependencyUnavailable;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.Supplier;

/** A call through a dependency's circuit breaker, with its failures translated for the domain. */
final class Breakers {

    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private Breakers() {}

    /**
     * Runs the call through the breaker. An open breaker answers at once (no network, no waiting
     * for a deadline); a failed call becomes DependencyUnavailable; other statuses pass through.
     */
    static <T> T call(CircuitBreaker breaker, Supplier<T> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException open) {
            // Retry-After: about when the breaker will let a trial call through again.
            long waitMillis = breaker.getCircuitBreakerConfig()
                    .getWaitIntervalFunctionInOpenState()
                    .apply(1);
            throw new DependencyUnavailable(breaker.getName(), Duration.ofMillis(Math.max(1000, waitMillis)), open);
        } catch (StatusRuntimeException e) {
            if (is(e, Status.Code.DEADLINE_EXCEEDED) && ClientDeadlineFilter.passed()) {
                throw new ClientDeadlineExceeded(breaker.getName(), e); // the caller's, not the dependency's
            }
            if (new DependencyFailure().test(e)) {
                throw new DependencyUnavailable(breaker.getName(), RETRY_AFTER_FAILURE, e);
            }
            throw e;
        }
    }

    static boolean is(StatusRuntimeException e, Status.Code code) {
        return e.getStatus().getCode() == code;
    }
}
