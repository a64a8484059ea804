package dev.orderflow.orders.fulfilment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How orders calls inventory and shipping. Where they are and how the channel is secured is Spring
 * gRPC's channel configuration ({@code spring.grpc.client.channels.inventory.address}, from
 * {@code ORDERFLOW_INVENTORY_TARGET}; {@code ...channels.shipping...}, {@code ORDERFLOW_SHIPPING_TARGET}).
 *
 * @param inventory the calls to the inventory service
 * @param shipping the calls to the shipping service
 * @param releaseRetryInterval how often releases that failed are tried again
 * @param trackingStreamDeadline how long one TrackShipment stream stays open before it is resumed
 *     with a new one (a deadline on every call, streams included)
 */
@ConfigurationProperties("orderflow.orders.fulfilment")
public record FulfilmentProperties(
        @DefaultValue Dependency inventory,
        @DefaultValue Dependency shipping,
        @DefaultValue("PT2S") Duration releaseRetryInterval,
        @DefaultValue("PT10M") Duration trackingStreamDeadline) {

    /**
     * @param deadline per call, covering every retry (gRPC deadlines are end to end)
     * @param maxAttempts attempts of an idempotent call failing with UNAVAILABLE (gRFC A6), at most 5
     */
    public record Dependency(@DefaultValue("500ms") Duration deadline, @DefaultValue("4") int maxAttempts) {}
}
