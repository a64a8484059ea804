package dev.orderflow.sdk.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Channels to inventory and shipping with grpc-java's own retry policy (gRFC A6, as a service
 * config): only the read methods, only on UNAVAILABLE, 4 attempts with jittered exponential
 * backoff, and retry throttling so a struggling server is not hammered by retries.
 */
public final class Channels {

    private Channels() {}

    public static ManagedChannel open(String target, boolean plaintext, List<String> retriedMethods) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target)
                .enableRetry()
                .defaultServiceConfig(serviceConfig(retriedMethods))
                .keepAliveTime(30, TimeUnit.SECONDS)
                .maxInboundMessageSize(4 * 1024 * 1024);
        if (plaintext) {
            builder.usePlaintext();
        }
        return builder.build();
    }

    /** {@code "orderflow.inventory.v1.InventoryService/GetStock"} → a retry policy for it. */
    static Map<String, Object> serviceConfig(List<String> methods) {
        List<Map<String, Object>> names = methods.stream()
                .map(m -> Map.<String, Object>of(
                        "service", m.substring(0, m.indexOf('/')), "method", m.substring(m.indexOf('/') + 1)))
                .toList();
        Map<String, Object> retryPolicy = Map.of(
                "maxAttempts",
                4.0,
                "initialBackoff",
                "0.1s",
                "maxBackoff",
                "2s",
                "backoffMultiplier",
                2.0,
                "retryableStatusCodes",
                List.of("UNAVAILABLE"));
        return Map.of(
                "methodConfig", List.of(Map.of("name", names, "retryPolicy", retryPolicy)),
                "retryThrottling", Map.of("maxTokens", 10.0, "tokenRatio", 0.1));
    }
}
