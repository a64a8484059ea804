package dev.orderflow.orders.fulfilment.internal;

import dev.orderflow.orders.fulfilment.FulfilmentProperties;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.Map;
import org.springframework.grpc.client.ChannelBuilderOptions;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Channels to the services orders depends on, from Spring gRPC's {@link GrpcChannelFactory}: the
 * address and the transport security (plaintext, TLS, mTLS) are its channel configuration
 * ({@code spring.grpc.client.channels.<name>.*}); what is added here is the retry policy, which
 * belongs with the code that knows which methods are safe to retry. Retries are gRPC's own (gRFC A6
 * service config): only for the idempotent methods named, only on UNAVAILABLE, with exponential
 * backoff and jitter, and with retry throttling so that a dependency that is down is not hammered;
 * and round-robin balancing across the instances the target names ({@link AddressList}).
 */
final class GrpcChannels {

    private GrpcChannels() {}

    static ManagedChannel channel(
            GrpcChannelFactory channels,
            String name,
            FulfilmentProperties.Dependency dependency,
            String service,
            List<String> idempotentMethods) {
        return channels.createChannel(
                name, ChannelBuilderOptions.defaults().withCustomizer((target, builder) -> builder.defaultServiceConfig(
                                serviceConfig(service, idempotentMethods, dependency.maxAttempts()))
                        .enableRetry()
                        .maxRetryAttempts(dependency.maxAttempts())));
    }

    /** gRFC A6: numbers are doubles, durations are strings with an "s" suffix. */
    static Map<String, Object> serviceConfig(String service, List<String> methods, int maxAttempts) {
        return Map.of(
                "methodConfig",
                List.of(Map.of(
                        "name",
                        methods.stream()
                                .map(method -> Map.of("service", service, "method", method))
                                .toList(),
                        "retryPolicy",
                        Map.of(
                                "maxAttempts",
                                (double) maxAttempts,
                                "initialBackoff",
                                "0.02s",
                                "maxBackoff",
                                "0.2s",
                                "backoffMultiplier",
                                2.0,
                                "retryableStatusCodes",
                                List.of("UNAVAILABLE")))),
                // Each failure costs a token, each success gives one back; below half, no retries.
                "retryThrottling",
                Map.of("maxTokens", 20.0, "tokenRatio", 1.0),
                // Every address the target resolves to (several instances: AddressList, or a
                // headless Service's DNS) takes calls in turn; one that is down or going away
                // (GOAWAY) is skipped until it is back. With one address, the same as pick_first.
                "loadBalancingConfig",
                List.of(Map.of("round_robin", Map.of())));
    }
}
