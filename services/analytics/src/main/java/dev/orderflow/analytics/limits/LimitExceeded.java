package dev.orderflow.analytics.limits;

import graphql.execution.AbortExecutionException;
import java.util.Map;

/** A request refused by a limit before it ran: a GraphQL error whose {@code extensions.code} says which. */
public class LimitExceeded extends AbortExecutionException {

    private final String code;

    public LimitExceeded(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    @Override
    public Map<String, Object> getExtensions() {
        return Map.of("code", code);
    }
}
