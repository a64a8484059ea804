package dev.orderflow.webhooks.delivery;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How messages go out ({@code orderflow.webhooks.delivery.*}, e.g. {@code
 * ORDERFLOW_WEBHOOKS_DELIVERY_SCHEDULE=PT1S,PT2S}).
 *
 * @param schedule the waits before each retry (the first attempt is immediate); Standard Webhooks'
 *     example schedule by default, about three days in all
 * @param jitter each wait is scaled by a random factor in [1 - jitter, 1 + jitter]
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 * @param timeout the whole attempt, from connecting to the last byte read
 * @param connectTimeout connecting (TCP and TLS)
 * @param perEndpoint attempts at once to one endpoint (per instance)
 * @param concurrency attempts at once in all (per instance)
 * @param responseBodyLimit bytes of a response body read and kept in the log
 * @param disableAfter an endpoint failing without a success for this long is disabled
 * @param pollInterval how often due messages are looked for (new ones are sent at once anyway)
 * @param leaseMargin an attempt's lease outlives its timeout by this much; after it, another
 *     instance (or this one, restarted) makes the attempt again
 * @param retention how long the log keeps a message that is delivered or failed, with its attempts
 */
@ConfigurationProperties("orderflow.webhooks.delivery")
public record DeliveryProperties(
        @DefaultValue({"PT5S", "PT5M", "PT30M", "PT2H", "PT5H", "PT10H", "PT14H", "PT20H", "PT24H"})
                List<Duration> schedule,
        @DefaultValue("0.2") double jitter,
        @DefaultValue("PT24H") Duration maxRetryAfter,
        @DefaultValue("PT10S") Duration timeout,
        @DefaultValue("PT5S") Duration connectTimeout,
        @DefaultValue("4") int perEndpoint,
        @DefaultValue("64") int concurrency,
        @DefaultValue("4096") int responseBodyLimit,
        @DefaultValue("P5D") Duration disableAfter,
        @DefaultValue("PT0.25S") Duration pollInterval,
        @DefaultValue("PT30S") Duration leaseMargin,
        @DefaultValue("P30D") Duration retention) {}
