package dev.orderflow.analytics.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The GraphQL API's limits (the schema file documents them).
 *
 * @param maxQueryChars the largest query document accepted
 * @param maxDepth the deepest nesting of fields
 * @param maxCost the highest calculated cost of one request
 * @param maxAliases the most aliases in one request
 * @param maxRootFields the most fields at the root of one operation
 * @param budget each client's cost points, restored over {@code budgetPeriod}
 * @param timeout how long one request may run
 */
@ConfigurationProperties("orderflow.analytics.limits")
public record LimitsProperties(
        @DefaultValue("65536") int maxQueryChars,
        @DefaultValue("10") int maxDepth,
        @DefaultValue("1000") int maxCost,
        @DefaultValue("30") int maxAliases,
        @DefaultValue("10") int maxRootFields,
        @DefaultValue("10000") long budget,
        @DefaultValue("PT1M") Duration budgetPeriod,
        @DefaultValue("PT5S") Duration timeout) {}
