package dev.orderflow.defaults;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * The part of a resource server's security every Orderflow API shares: stateless bearer-token
 * authentication (JWT validation itself is Spring Boot's, configured by
 * {@code spring.security.oauth2.resourceserver.jwt.*}: JWKS, issuer, audience, RS256 only),
 * problem+json for 401 and 403, open probes and metrics. Each service adds its own rules.
 */
public class ResourceServerDefaults {

    private final ProblemSecurityHandlers handlers;

    public ResourceServerDefaults(ProblemSecurityHandlers handlers) {
        this.handlers = handlers;
    }

    public HttpSecurity apply(HttpSecurity http) {
        return http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Bearer tokens are not sent automatically by browsers, so there is no CSRF to defend.
                .csrf(csrf -> csrf.disable())
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> {})
                        .bearerTokenResolver(new HeaderBearerTokenResolver())
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
    }
}
