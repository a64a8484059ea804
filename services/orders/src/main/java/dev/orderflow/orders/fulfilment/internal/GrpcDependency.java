package dev.orderflow.orders.fulfilment.internal;

import dev.orderflow.orders.fulfilment.ClientDeadlineExceeded;
import dev.orderflow.orders.fulfilment.ClientDeadlineFilter;
import dev.orderflow.orders.fulfilment.FulfilmentProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * One service orders calls over gRPC: its channel (with the retry policy), its circuit breaker,
 * its deadline, and orders' token on every call.
 */
abstract class GrpcDependency<S extends AbstractStub<S>> {

    private final ManagedChannel channel;
    private final S stub;
    private final CircuitBreaker breaker;
    private final long deadlineMillis;
    private final String name;

    GrpcDependency(
            String name,
            GrpcChannelFactory channels,
            FulfilmentProperties.Dependency config,
            String service,
            List<String> idempotentMethods,
            Function<ManagedChannel, S> stubs,
            ServiceTokens tokens,
            CircuitBreakerRegistry breakers) {
        // Spring gRPC's factory owns the channel and shuts it down with the context.
        this.channel = GrpcChannels.channel(channels, name, config, service, idempotentMethods);
        this.stub = stubs.apply(channel).withCallCredentials(tokens);
        this.breaker = breakers.circuitBreaker(name);
        this.deadlineMillis = config.deadline().toMillis();
        this.name = name;
    }

    /**
     * A call with the dependency's deadline — or what is left of the caller's ({@code Grpc-Timeout}),
     * if that is sooner: gRPC takes the earlier of the two — through its breaker, failures translated
     * for the domain.
     */
    <T> T call(Function<S, T> call) {
        if (ClientDeadlineFilter.passed()) {
            throw new ClientDeadlineExceeded(name, null); // nobody waits for the answer: do not ask
        }
        Supplier<T> withDeadline = () -> call.apply(stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS));
        return Breakers.call(breaker, withDeadline);
    }

    /**
     * A server-streaming call, open for at most {@code deadline}: no breaker (a long-lived stream
     * is not one call whose failure rate means anything); the caller resumes it when it breaks.
     */
    <T> T streamCall(Function<S, T> call, Duration deadline) {
        return call.apply(stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** A call with a generous deadline and no breaker, for warming up after start. */
    <T> T warmUpCall(Function<S, T> call) {
        return call.apply(stub.withDeadlineAfter(10, TimeUnit.SECONDS));
    }

    /** Starts connecting if idle (channels connect lazily, on the first call, otherwise). */
    void connect() {
        channel.getState(true);
    }

    ConnectivityState state() {
        return channel.getState(false);
    }
}
