package dev.orderflow.notifications.web;

import dev.orderflow.defaults.HeaderBearerTokenResolver;
import dev.orderflow.defaults.ResourceServerDefaults;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Both transports need a token with {@code orders:read} for audience {@code orderflow-notifications};
 * who sees which events is the {@link dev.orderflow.defaults.security.Caller}'s rule.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String BEARER_PROTOCOL_PREFIX = "bearer.";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ResourceServerDefaults defaults) throws Exception {
        return defaults.apply(http)
                .oauth2ResourceServer(oauth -> oauth.bearerTokenResolver(handshakeAware()))
                .authorizeHttpRequests(requests -> requests
                        // The async dispatch that ends an SSE response was authorized with its request.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error")
                        .permitAll()
                        .requestMatchers("/ws", "/api/events", "/api/orders/*/events")
                        .hasAuthority("SCOPE_orders:read")
                        .anyRequest()
                        .denyAll())
                .build();
    }

    /**
     * The {@code Authorization} header, or, on the WebSocket handshake only, a subprotocol
     * {@code bearer.<token>} offered next to {@code orderflow.v1}: browsers cannot set headers on a
     * WebSocket. Never a query parameter (URLs are logged) and never a cookie (no CSRF).
     */
    static BearerTokenResolver handshakeAware() {
        var header = new HeaderBearerTokenResolver();
        return request -> {
            String token = header.resolve(request);
            if (token != null || !isHandshake(request)) {
                return token;
            }
            var offered = request.getHeaders("Sec-WebSocket-Protocol");
            while (offered.hasMoreElements()) {
                for (String protocol : offered.nextElement().split(",")) {
                    String candidate = protocol.trim();
                    if (candidate.startsWith(BEARER_PROTOCOL_PREFIX)) {
                        return candidate.substring(BEARER_PROTOCOL_PREFIX.length());
                    }
                }
            }
            return null;
        };
    }

    private static boolean isHandshake(HttpServletRequest request) {
        return "/ws".equals(request.getRequestURI()) && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }
}
