package dev.orderflow.analytics.web;

import dev.orderflow.analytics.limits.CostBudgets;
import dev.orderflow.analytics.limits.LimitsProperties;
import dev.orderflow.analytics.limits.RequestCost;
import dev.orderflow.analytics.query.Viewer;
import dev.orderflow.analytics.readmodel.Freshness;
import dev.orderflow.defaults.security.Caller;
import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every GraphQL request, over HTTP or WebSocket, passes here: a document over the size limit is
 * refused unparsed; the caller ({@link Viewer}) and the request's cost bookkeeping go into its
 * GraphQL context; a request still running after the timeout is cancelled and answered with a
 * TIMEOUT error (Spring's TimeoutWebGraphQlInterceptor answers with a bare HTTP status instead); and
 * every response carries {@code extensions.freshness} and {@code extensions.cost}.
 *
 * <p>On WebSocket the token comes in {@code connection_init} (the payload's {@code Authorization},
 * else the upgrade request's header); without a valid one the connection is refused.
 */
@Component
class GraphQlEdge implements WebSocketGraphQlInterceptor {

    private static final String SESSION_VIEWER = "orderflow.viewer";

    private final JwtDecoder tokens;
    private final LimitsProperties limits;
    private final Freshness freshness;
    private final CostBudgets budgets;

    GraphQlEdge(JwtDecoder tokens, LimitsProperties limits, Freshness freshness, CostBudgets budgets) {
        this.tokens = tokens;
        this.limits = limits;
        this.freshness = freshness;
        this.budgets = budgets;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request.getDocument().length() > limits.maxQueryChars()) {
            return Mono.just(refused(
                    request,
                    "QUERY_TOO_LARGE",
                    "The query has " + request.getDocument().length() + " characters; at most " + limits.maxQueryChars()
                            + " are allowed.",
                    null));
        }
        Viewer viewer = viewerOf(request);
        if (viewer == null) {
            return Mono.just(refused(request, "UNAUTHENTICATED", "A token with analytics:read is required.", null));
        }
        RequestCost cost = new RequestCost(viewer.budgetKey());
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(
                        context -> context.put(Viewer.CONTEXT_KEY, viewer).put(RequestCost.CONTEXT_KEY, cost))
                .build());
        return chain.next(request)
                .timeout(limits.timeout())
                .onErrorResume(TimeoutException.class, timedOut -> {
                    cost.cancel();
                    return Mono.just(refused(
                            request,
                            "TIMEOUT",
                            "The request did not finish within "
                                    + limits.timeout().toMillis() + " ms.",
                            cost));
                })
                .map(response -> response.getExecutionResult().getData() instanceof org.reactivestreams.Publisher<?>
                        ? response // a subscription's stream: its items carry what they carry
                        : response.transform(builder -> builder.extensions(extensions(response, cost))));
    }

    private Map<Object, Object> extensions(WebGraphQlResponse response, RequestCost cost) {
        // Maps, not records: extension keys are GraphQL's camelCase, not the service's snake_case JSON.
        Map<Object, Object> extensions = new LinkedHashMap<>(response.getExtensions());
        Freshness.Status fresh = freshness.status();
        Map<String, Object> freshnessMap = new LinkedHashMap<>();
        freshnessMap.put("newestEventAgeMillis", fresh.newestEventAgeMillis());
        freshnessMap.put("consumerLag", fresh.consumerLag());
        extensions.put("freshness", freshnessMap);
        Map<String, Object> spent = new LinkedHashMap<>();
        spent.put("requestedQueryCost", cost == null ? null : cost.requested());
        CostBudgets.Status status = cost == null ? null : cost.status();
        if (status != null) {
            spent.put(
                    "throttleStatus",
                    Map.of(
                            "maximumAvailable", status.maximumAvailable(),
                            "currentlyAvailable", status.currentlyAvailable(),
                            "restoreRate", status.restoreRate()));
        }
        extensions.put("cost", spent);
        return extensions;
    }

    /** A response refused before execution: one error with its code, and the usual extensions. */
    private WebGraphQlResponse refused(WebGraphQlRequest request, String code, String message, RequestCost cost) {
        GraphQLError error = GraphqlErrorBuilder.newError()
                .message(message)
                .errorType(ErrorClassification.errorClassification(code))
                .extensions(Map.of("code", code))
                .build();
        var result = ExecutionResult.newExecutionResult().errors(List.of(error)).build();
        var response = new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
        return response.transform(builder -> builder.extensions(extensions(response, cost)));
    }

    private static Viewer viewerOf(WebGraphQlRequest request) {
        if (request instanceof WebSocketGraphQlRequest socket) {
            return (Viewer) socket.getSessionInfo().getAttributes().get(SESSION_VIEWER);
        }
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        // The filter chain has checked it already; checked again here so that no path to a resolver
        // (a route added later, say) can go without it.
        return authentication instanceof JwtAuthenticationToken jwt && mayRead(jwt.getToken())
                ? viewer(jwt.getToken())
                : null;
    }

    private static Viewer viewer(Jwt token) {
        return Viewer.of(
                Caller.of(token).budgetKey(),
                token.getClaimAsStringList("scope") == null ? List.of() : token.getClaimAsStringList("scope"));
    }

    /** A partner's token with analytics:read (a customer's never, whatever it holds). */
    private static boolean mayRead(Jwt token) {
        List<String> scopes = token.getClaimAsStringList("scope");
        return scopes != null && scopes.contains("analytics:read") && token.getClaimAsString("customer_id") == null;
    }

    /** graphql-transport-ws connection_init: the token, checked as the HTTP filter chain would. */
    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        Object fromPayload = payload.get(HttpHeaders.AUTHORIZATION);
        String header = fromPayload instanceof String value
                ? value
                : session.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.error(
                    new IllegalStateException("connection_init needs {\"Authorization\": \"Bearer <token>\"}"));
        }
        Jwt token;
        try {
            token = tokens.decode(header.substring(7).trim());
        } catch (JwtException invalid) {
            return Mono.error(new IllegalStateException("The token is not valid: " + invalid.getMessage()));
        }
        if (!mayRead(token)) {
            return Mono.error(new IllegalStateException("The token may not read analytics."));
        }
        session.getAttributes().put(SESSION_VIEWER, viewer(token));
        return Mono.empty();
    }
}
