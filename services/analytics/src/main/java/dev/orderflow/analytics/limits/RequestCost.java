package dev.orderflow.analytics.limits;

import graphql.ExecutionInput;

/**
 * One request's bookkeeping, kept in its GraphQL context: whose budget it spends, what it was
 * charged, the budget left, and its execution (so a timeout can cancel it).
 */
public final class RequestCost {

    public static final String CONTEXT_KEY = "orderflow.cost";

    private final String budgetKey;
    private volatile Integer requested;
    private volatile CostBudgets.Status status;
    private volatile ExecutionInput execution;

    public RequestCost(String budgetKey) {
        this.budgetKey = budgetKey;
    }

    String budgetKey() {
        return budgetKey;
    }

    void charged(int cost, CostBudgets.Status after) {
        this.requested = cost;
        this.status = after;
    }

    void executing(ExecutionInput input) {
        this.execution = input;
    }

    /** Stops the execution's remaining data fetchers (graphql-java checks between fields). */
    public void cancel() {
        ExecutionInput input = execution;
        if (input != null) {
            input.cancel();
        }
    }

    /** What was charged, null if the request was refused before its cost was known. */
    public Integer requested() {
        return requested;
    }

    public CostBudgets.Status status() {
        return status;
    }
}
