/**
 * The GraphQL API over the read model ({@code contracts/graphql/analytics.graphqls}): queries with
 * batch loading for nested fields (no N+1), Relay connections by keyset, read-your-writes waits,
 * and subscriptions fed by the read model's changes. Reads the read model's tables; uses {@code
 * readmodel} for freshness and changes.
 */
package dev.orderflow.analytics.query;
