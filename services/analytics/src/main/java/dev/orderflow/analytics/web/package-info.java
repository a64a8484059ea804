/**
 * The HTTP and WebSocket edge of the GraphQL API: who may call (tokens with {@code analytics:read},
 * never a customer's), who is calling (put into each request's GraphQL context), the query-size
 * check and timeout, the {@code extensions} every response carries (freshness, cost), the scalars,
 * and the read model's admin operations. Uses {@code query}, {@code limits} and {@code readmodel}.
 */
package dev.orderflow.analytics.web;
