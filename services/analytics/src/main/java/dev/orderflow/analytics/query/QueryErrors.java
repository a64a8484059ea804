package dev.orderflow.analytics.query;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * The API's own errors, each with a stable {@code extensions.code} (the schema file lists them).
 * Anything unexpected stays Spring for GraphQL's {@code INTERNAL_ERROR}, which says nothing of
 * stack traces or SQL.
 */
@ControllerAdvice
class QueryErrors {

    /** An argument the schema allows but this API cannot use (a cursor it did not issue, a page over 100). */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }

    /** The read model has not applied what the client has seen, within the wait allowed. */
    static final class Stale extends RuntimeException {
        Stale(String message) {
            super(message);
        }
    }

    @GraphQlExceptionHandler
    GraphQLError badInput(BadInput e, DataFetchingEnvironment env) {
        return error(env, ErrorType.BAD_REQUEST, "BAD_USER_INPUT", e.getMessage());
    }

    @GraphQlExceptionHandler
    GraphQLError stale(Stale e, DataFetchingEnvironment env) {
        return error(env, ErrorType.INTERNAL_ERROR, "STALE", e.getMessage());
    }

    static GraphQLError error(DataFetchingEnvironment env, ErrorType type, String code, String message) {
        return GraphqlErrorBuilder.newError(env)
                .errorType(type)
                .message(message)
                .extensions(Map.of("code", code))
                .build();
    }
}
