/**
 * What a GraphQL request may cost, checked before any resolver runs: depth, calculated cost,
 * aliases and root fields ({@link dev.orderflow.analytics.limits.QueryLimits}), and each client's
 * cost budget per minute ({@link dev.orderflow.analytics.limits.CostBudgets}). Knows no other feature.
 */
package dev.orderflow.analytics.limits;
