package dev.orderflow.orders.fulfilment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where inventory and shipping are, and how long orders waits for them.
 *
 * @param inventory the inventory service ({@code ORDERFLOW_INVENTORY_TARGET}, e.g. {@code localhost:9091})
 * @param shipping the shipping service ({@code ORDERFLOW_SHIPPING_TARGET})
 * @param releaseRetryInterval how often releases that failed are tried again
 */
@ConfigurationProperties("orderflow.orders.fulfilment")
public record FulfilmentProperties(
        @DefaultValue Dependency inventory,
        @DefaultValue Dependency shipping,
        @DefaultValue("PT2S") Duration releaseRetryInterval) {

    /**
     * @param target a gRPC target ({@code host:port} or {@code dns:///host:port})
     * @param deadline per call, covering every retry (gRPC deadlines are end to end)
     * @param maxAttempts attempts of an idempotent call failing with UNAVAILABLE (gRFC A6), at most 5
     */
    public record Dependency(
            @DefaultValue("localhost:0") String target,
            @DefaultValue("500ms") Duration deadline,
            @DefaultValue("4") int maxAttempts) {}
}
