package dev.orderflow.orders.fulfilment.internal;

import dev.orderflow.orders.fulfilment.ClientDeadlineFilter;
import io.grpc.Status;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What counts against a circuit breaker: the dependency failing (unavailable, too slow, broken), not
 * its business answers (out of stock, invalid argument, not found), which prove it is healthy, nor a
 * caller's own deadline running out.
 * Named in application.yaml as the breakers' record-failure-predicate.
 */
public class DependencyFailure implements Predicate<Throwable> {

    static final Set<Status.Code> FAILURES = Set.of(
            Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED,
            Status.Code.INTERNAL,
            Status.Code.UNKNOWN,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.UNAUTHENTICATED,
            Status.Code.PERMISSION_DENIED);

    @Override
    public boolean test(Throwable failure) {
        Status.Code code = Status.fromThrowable(failure).getCode();
        if (code == Status.Code.DEADLINE_EXCEEDED && ClientDeadlineFilter.passed()) {
            return false; // the caller's deadline (Grpc-Timeout) ran out, not the dependency's
        }
        return FAILURES.contains(code);
    }
}
