package dev.orderflow.analytics.query;

import java.util.Collection;

/**
 * Who is asking, as the GraphQL request's context carries it (put there by the web layer, for HTTP
 * and WebSocket alike).
 *
 * @param budgetKey whose query-cost budget the request spends
 * @param pii whether the token has {@code analytics:pii}
 */
public record Viewer(String budgetKey, boolean pii) {

    /** The key of the viewer in the GraphQL context. */
    public static final String CONTEXT_KEY = "orderflow.viewer";

    public static Viewer of(String budgetKey, Collection<String> scopes) {
        return new Viewer(budgetKey, scopes.contains("analytics:pii"));
    }
}
