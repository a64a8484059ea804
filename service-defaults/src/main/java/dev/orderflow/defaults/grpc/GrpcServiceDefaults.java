package dev.orderflow.defaults.grpc;

import static org.springframework.security.config.Customizer.withDefaults;

import io.grpc.protobuf.services.HealthStatusManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * What every Orderflow gRPC service shares: calls need a JWT from identity carrying the service's
 * scope ({@code orderflow.grpc.required-scope}; Spring gRPC's security on Spring Security's JWT
 * validation: signature, issuer, audience, expiry), health and reflection stay open, the HTTP port
 * serves only probes and metrics, and shutdown turns health NOT_SERVING before calls are refused.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcSecurityAutoConfiguration")
// A gRPC *server* (gRPC's health service on the classpath), not merely a client of one.
@ConditionalOnClass(
        name = {"org.springframework.grpc.server.security.GrpcSecurity", "io.grpc.protobuf.services.HealthStatusManager"
        })
@EnableConfigurationProperties(GrpcServiceProperties.class)
public class GrpcServiceDefaults {

    @Bean
    @GlobalServerInterceptor
    @ConditionalOnBean(GrpcSecurity.class)
    AuthenticationProcessInterceptor grpcAuthorization(GrpcSecurity grpc, GrpcServiceProperties properties)
            throws Exception {
        String scope = properties.requiredScope();
        if (scope == null || scope.isBlank()) {
            throw new IllegalStateException("orderflow.grpc.required-scope must name the scope calls need");
        }
        return grpc.authorizeRequests(requests -> requests.methods("grpc.health.v1.Health/*")
                        .permitAll()
                        .methods("grpc.reflection.v1.ServerReflection/*")
                        .permitAll()
                        .methods("grpc.reflection.v1alpha.ServerReflection/*")
                        .permitAll()
                        .allRequests()
                        .hasAuthority("SCOPE_" + scope))
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(withDefaults()))
                .build();
    }

    /** Ahead of any other chain (Spring gRPC adds a bearer-token one for servlet apps): probes stay open. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain probesOnly(HttpSecurity http) throws Exception {
        return http.securityMatcher("/actuator/**", "/error")
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /** Graceful shutdown, step one: tell health checkers and load balancers before refusing calls. */
    @Bean
    @ConditionalOnBean(HealthStatusManager.class)
    ApplicationListener<ContextClosedEvent> notServingOnShutdown(HealthStatusManager health) {
        return event -> health.enterTerminalState();
    }
}
