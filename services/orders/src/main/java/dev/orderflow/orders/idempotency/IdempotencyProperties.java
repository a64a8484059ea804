package dev.orderflow.orders.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long a key is remembered ({@code ORDERFLOW_ORDERS_IDEMPOTENCY_RETENTION})
 * @param inFlightLease after how long an unfinished claim counts as abandoned (its process died)
 * @param purgeInterval how often expired keys are deleted
 */
@ConfigurationProperties("orderflow.orders.idempotency")
public record IdempotencyProperties(
        @DefaultValue("PT24H") Duration retention,
        @DefaultValue("PT1M") Duration inFlightLease,
        @DefaultValue("PT10M") Duration purgeInterval) {}
