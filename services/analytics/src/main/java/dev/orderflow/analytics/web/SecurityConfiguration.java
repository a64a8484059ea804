package dev.orderflow.analytics.web;

import dev.orderflow.defaults.ResourceServerDefaults;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * GraphQL over HTTP needs {@code analytics:read} and a partner's token (a customer's is refused,
 * whatever scopes it holds). The WebSocket handshake is open: its token is checked in the
 * graphql-transport-ws {@code connection_init} (browsers cannot set headers on a WebSocket), by
 * {@link GraphQlEdge}. Rebuilding the read model needs {@code analytics:admin}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ResourceServerDefaults defaults) throws Exception {
        AuthorizationManager<RequestAuthorizationContext> reader = AuthorizationManagers.allOf(
                org.springframework.security.authorization.AuthorityAuthorizationManager.hasAuthority(
                        "SCOPE_analytics:read"),
                (authentication, context) -> new AuthorizationDecision(notCustomer(authentication.get())));
        return defaults.apply(http)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/graphiql", "/graphiql/**")
                        .permitAll()
                        // Only the WebSocket upgrade is open (its token comes in connection_init);
                        // a GET query over HTTP needs the token like a POST.
                        .requestMatchers(request -> "GET".equals(request.getMethod())
                                && "/graphql".equals(request.getRequestURI())
                                && "websocket".equalsIgnoreCase(request.getHeader("Upgrade")))
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/graphql")
                        .access(reader)
                        .requestMatchers(HttpMethod.POST, "/graphql")
                        .access(reader)
                        .requestMatchers(HttpMethod.POST, "/admin/read-model/rebuild")
                        .hasAuthority("SCOPE_analytics:admin")
                        .anyRequest()
                        .denyAll())
                .build();
    }

    static boolean notCustomer(org.springframework.security.core.Authentication authentication) {
        return authentication instanceof JwtAuthenticationToken jwt
                && jwt.getToken().getClaimAsString("customer_id") == null;
    }
}
