package dev.orderflow.orders.web;

import dev.orderflow.defaults.ResourceServerDefaults;
import dev.orderflow.orders.ratelimit.RateLimiting;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/** Who may call what: the catalog is public, orders need a token with the right scope. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ResourceServerDefaults defaults, RateLimiting.Filters rateLimits)
            throws Exception {
        return defaults.apply(http)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error")
                        .permitAll()
                        .requestMatchers(
                                "/swagger-ui.html", "/swagger-ui/**", "/openapi/**", "/v3/api-docs/swagger-config")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/products", "/api/products/*")
                        .permitAll()
                        // The provider's webhooks: the Standard Webhooks signature is their authentication.
                        .requestMatchers(HttpMethod.POST, "/webhooks/psp")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/**")
                        .hasAuthority("SCOPE_orders:read")
                        .requestMatchers(HttpMethod.POST, "/api/orders/*/refunds")
                        .hasAuthority("SCOPE_orders:refund")
                        .requestMatchers(HttpMethod.POST, "/api/orders", "/api/orders/**")
                        .hasAuthority("SCOPE_orders:write")
                        .anyRequest()
                        .authenticated())
                .addFilterAfter(rateLimits.afterAuthentication(), BearerTokenAuthenticationFilter.class)
                .build();
    }
}
