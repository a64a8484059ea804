package dev.orderflow.orders.fulfilment;

/**
 * The caller's own deadline ({@code Grpc-Timeout}) ran out before inventory or shipping answered:
 * a 504, and not a failure of the dependency (its circuit breaker does not count it).
 */
public class ClientDeadlineExceeded extends RuntimeException {

    public ClientDeadlineExceeded(String dependency, Throwable cause) {
        super("the request's deadline passed while waiting for " + dependency, cause);
    }
}
