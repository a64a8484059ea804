package dev.orderflow.orders.fulfilment.internal;

import dev.orderflow.orders.fulfilment.FulfilmentProperties;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.Map;

/**
 * Channels to the services orders depends on. Retries are gRPC's own (gRFC A6 service config):
 * only for the idempotent methods named here, only on UNAVAILABLE, with exponential backoff and
 * jitter, and with retry throttling so that a dependency that is down is not hammered with retries.
 */
final class GrpcChannels {

    private GrpcChannels() {}

    static ManagedChannel channel(
            FulfilmentProperties.Dependency dependency, String service, List<String> idempotentMethods) {
        return NettyChannelBuilder.forTarget(dependency.target())
                // Plaintext inside the embedded platform; a deployment puts mTLS here (see the servers' ssl bundle).
                .usePlaintext()
                .defaultServiceConfig(serviceConfig(service, idempotentMethods, dependency.maxAttempts()))
                .enableRetry()
                .maxRetryAttempts(dependency.maxAttempts())
                .build();
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
                Map.of("maxTokens", 20.0, "tokenRatio", 1.0));
    }
}
