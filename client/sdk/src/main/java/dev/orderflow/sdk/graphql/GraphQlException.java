package dev.orderflow.sdk.graphql;

import dev.orderflow.sdk.OrderflowException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A GraphQL answer with {@code errors} (HTTP 200 with errors, per the GraphQL-over-HTTP spec). */
public final class GraphQlException extends OrderflowException {

    private final JsonNode errors;
    private final JsonNode data;

    public GraphQlException(JsonNode errors, JsonNode data) {
        super(summary(errors));
        this.errors = errors;
        this.data = data;
    }

    /** The {@code errors} array as sent (each with {@code message}, {@code path}, {@code extensions}). */
    public JsonNode errors() {
        return errors;
    }

    /** Partial data, if any. */
    public JsonNode data() {
        return data;
    }

    /** Each error's {@code extensions.code} (or {@code classification}), e.g. {@code STALE}, {@code FORBIDDEN}. */
    public List<String> codes() {
        var codes = new java.util.ArrayList<String>();
        errors.forEach(e -> codes.add(e.path("extensions")
                .path("code")
                .asString(e.path("extensions").path("classification").asString("UNKNOWN"))));
        return codes;
    }

    private static String summary(JsonNode errors) {
        var parts = new java.util.ArrayList<String>();
        errors.forEach(e -> parts.add(e.path("message").asString("?")));
        return "GraphQL errors: " + String.join("; ", parts);
    }
}
