package dev.orderflow.edge.relay;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.removeRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.stripPrefix;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.filter.TokenRelayFilterFunctions.tokenRelay;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.POST;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import dev.orderflow.defaults.ProblemResponses;
import dev.orderflow.defaults.Problems;
import dev.orderflow.edge.EdgeProperties;
import dev.orderflow.edge.signin.WebSecurity;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * What the edge relays, with Spring Cloud Gateway Server MVC. Every relayed call loses the
 * browser's cookies and any {@code Authorization} it brought (the session cookie is the edge's
 * alone; a script cannot smuggle in a token of its own), and — on the routes that need one — gets
 * the signed-in person's access token from their session (the gateway's token relay, refreshing
 * it when it has expired).
 *
 * <ul>
 *   <li>orders: {@code /api/products/**} (public: relayed without a token), {@code /api/orders/**}
 *   <li>notifications: {@code /api/orders/{id}/events} and {@code /api/events} (Server-Sent
 *       Events, streamed and flushed event by event). WebSocket is not relayed: Gateway Server MVC
 *       does not proxy WebSocket upgrades, and a page needs only the stream, which SSE gives
 *       through one origin with the session cookie.
 *   <li>analytics: {@code /graphql}
 *   <li>the payment provider: only {@code POST /psp/v1/payment_intents/{id}/confirm}, with the
 *       publishable key (a browser's key by design; the intent's {@code client_secret} is what
 *       authorizes the confirmation)
 * </ul>
 *
 * Time limits are Spring Boot's HTTP client settings ({@code spring.http.clients.*}); a backend
 * that cannot be reached is a 502 problem, and a session whose refresh token no longer works is a
 * 401 problem (sign in again).
 */
@Configuration(proxyBeanMethods = false)
class Relays {

    private static final Function<ServerRequest, ServerRequest> NO_BROWSER_CREDENTIALS =
            request -> removeRequestHeader(HttpHeaders.AUTHORIZATION)
                    .andThen(removeRequestHeader(HttpHeaders.COOKIE))
                    .andThen(removeRequestHeader("X-XSRF-TOKEN"))
                    .apply(request);

    /** Ahead of orders' route: an order's event stream is notifications', not orders'. */
    @Bean
    @Order(1)
    RouterFunction<ServerResponse> notificationsRelay(EdgeProperties edge) {
        return route("notifications")
                .route(GET("/api/orders/{id}/events").or(GET("/api/events")), http())
                .before(uri(edge.notifications()))
                .before(NO_BROWSER_CREDENTIALS)
                .filter(tokenRelay())
                .onError(Exception.class, (error, request) -> failed(error, request))
                .build();
    }

    /**
     * The catalog is public: relayed without a token, so anyone's page can read it whatever their
     * session's token is for (an analyst's token is not for orders, which would refuse it).
     */
    @Bean
    @Order(2)
    RouterFunction<ServerResponse> catalogRelay(EdgeProperties edge) {
        return route("catalog")
                .route(GET("/api/products").or(GET("/api/products/{sku}")), http())
                .before(uri(edge.orders()))
                .before(NO_BROWSER_CREDENTIALS)
                .onError(Exception.class, (error, request) -> failed(error, request))
                .build();
    }

    @Bean
    @Order(3)
    RouterFunction<ServerResponse> ordersRelay(EdgeProperties edge) {
        return route("orders")
                .route(path("/api/orders").or(path("/api/orders/**")), http())
                .before(uri(edge.orders()))
                .before(NO_BROWSER_CREDENTIALS)
                .filter(tokenRelay())
                .onError(Exception.class, (error, request) -> failed(error, request))
                .build();
    }

    @Bean
    @Order(4)
    RouterFunction<ServerResponse> analyticsRelay(EdgeProperties edge) {
        return route("analytics")
                .route(POST("/graphql").or(GET("/graphql")), http())
                .before(uri(edge.analytics()))
                .before(NO_BROWSER_CREDENTIALS)
                .filter(tokenRelay())
                .onError(Exception.class, (error, request) -> failed(error, request))
                .build();
    }

    @Bean
    @Order(5)
    RouterFunction<ServerResponse> paymentProviderRelay(EdgeProperties edge) {
        return route("psp")
                .route(POST("/psp/v1/payment_intents/{id}/confirm"), http())
                .before(uri(edge.psp()))
                .before(stripPrefix(1))
                .before(NO_BROWSER_CREDENTIALS)
                .before(setRequestHeader(HttpHeaders.AUTHORIZATION, "Bearer " + edge.pspPublishableKey()))
                .onError(Exception.class, (error, request) -> failed(error, request))
                .build();
    }

    /** A relay that could not be made: the session's tokens could not be renewed, or the backend is unreachable. */
    private static ServerResponse failed(Throwable error, ServerRequest request) {
        if (error instanceof OAuth2AuthorizationException) {
            var session = request.servletRequest().getSession(false);
            if (session != null) {
                session.invalidate();
            }
            return problem(
                    HttpStatus.UNAUTHORIZED,
                    WebSecurity.SIGN_IN_REQUIRED,
                    "Sign in required",
                    "Your session's sign-in could not be renewed; sign in again.");
        }
        if (error instanceof ResourceAccessException) {
            return problem(
                    HttpStatus.BAD_GATEWAY,
                    "bad-gateway",
                    "Bad Gateway",
                    "The service behind this call could not be reached; try again shortly.");
        }
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException(error);
    }

    private static ServerResponse problem(HttpStatus status, String kind, String title, String detail) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.complete(Problems.of(status, kind, title, detail)));
    }
}
