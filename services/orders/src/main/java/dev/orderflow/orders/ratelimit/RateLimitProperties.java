package dev.orderflow.orders.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A token bucket per caller: {@code capacity} requests, refilled evenly over {@code window}
 * ({@code ORDERFLOW_ORDERS_RATELIMIT_CAPACITY}, {@code ORDERFLOW_ORDERS_RATELIMIT_WINDOW}).
 */
@ConfigurationProperties("orderflow.orders.rate-limit")
public record RateLimitProperties(@DefaultValue("1200") long capacity, @DefaultValue("PT1M") Duration window) {}
