package dev.orderflow.webhooks.web;

import dev.orderflow.defaults.ResourceServerDefaults;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The management API needs {@code webhooks:manage} on a partner's token (a customer's is refused
 * whatever its scopes); the JWKS and the probes are public.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(
            org.springframework.security.config.annotation.web.builders.HttpSecurity http,
            ResourceServerDefaults defaults)
            throws Exception {
        AuthorizationManager<RequestAuthorizationContext> manager = AuthorizationManagers.allOf(
                AuthorityAuthorizationManager.hasAuthority("SCOPE_webhooks:manage"),
                (authentication, context) ->
                        new AuthorizationDecision(authentication.get() instanceof JwtAuthenticationToken jwt
                                && jwt.getToken().getClaimAsString("customer_id") == null));
        return defaults.apply(http)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .access(manager)
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
