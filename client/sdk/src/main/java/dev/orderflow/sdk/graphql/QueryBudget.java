package dev.orderflow.sdk.graphql;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * The client side of analytics' query-cost budget (Shopify's calculated-cost model): every answer
 * says in {@code extensions.cost} what the query cost and what is left
 * ({@code throttleStatus: {maximumAvailable, currentlyAvailable, restoreRate}} per second). Before
 * the next query, the client waits until the budget has been restored to at least the last
 * query's cost, so a long listing (an export) is paced instead of refused with {@code THROTTLED}.
 */
final class QueryBudget {

    private final Clock clock;
    private double available = Double.NaN;
    private double maximum;
    private double restorePerSecond;
    private long lastCost;
    private Instant seenAt = Instant.MIN;

    QueryBudget(Clock clock) {
        this.clock = clock;
    }

    /** How long to wait before a query like the last one fits the budget (zero if nothing is known). */
    synchronized Duration waitBeforeNext() {
        if (Double.isNaN(available) || restorePerSecond <= 0) {
            return Duration.ZERO;
        }
        double seconds = Duration.between(seenAt, clock.instant()).toNanos() / 1e9;
        double now = Math.min(maximum, available + seconds * restorePerSecond);
        if (now >= lastCost) {
            return Duration.ZERO;
        }
        return Duration.ofMillis((long) Math.ceil((lastCost - now) / restorePerSecond * 1000));
    }

    /** Learns from an answer's {@code extensions.cost}. */
    synchronized void observe(JsonNode cost) {
        JsonNode status = cost.path("throttleStatus");
        if (!status.isObject()) {
            return;
        }
        lastCost = Math.max(lastCost, cost.path("requestedQueryCost").asLong(0));
        maximum = status.path("maximumAvailable").asDouble(0);
        available = status.path("currentlyAvailable").asDouble(0);
        restorePerSecond = status.path("restoreRate").asDouble(0);
        seenAt = clock.instant();
    }
}
