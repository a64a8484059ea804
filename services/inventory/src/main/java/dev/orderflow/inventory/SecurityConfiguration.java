package dev.orderflow.inventory;

import static org.springframework.security.config.Customizer.withDefaults;

import io.grpc.protobuf.services.HealthStatusManager;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * gRPC calls need a JWT from identity with scope inventory:write (Spring gRPC's security, on Spring
 * Security's JWT validation: signature, issuer, audience orderflow-inventory, expiry); health and
 * reflection stay open. The HTTP port serves only probes and metrics.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @GlobalServerInterceptor
    AuthenticationProcessInterceptor grpcAuthorization(GrpcSecurity grpc) throws Exception {
        return grpc.authorizeRequests(requests -> requests.methods("grpc.health.v1.Health/*")
                        .permitAll()
                        .methods("grpc.reflection.v1.ServerReflection/*")
                        .permitAll()
                        .methods("grpc.reflection.v1alpha.ServerReflection/*")
                        .permitAll()
                        .allRequests()
                        .hasAuthority("SCOPE_inventory:write"))
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(withDefaults()))
                .build();
    }

    @Bean
    SecurityFilterChain probesOnly(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/error")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /** Graceful shutdown, step one: tell health checkers and load balancers before refusing calls. */
    @Bean
    ApplicationListener<ContextClosedEvent> notServingOnShutdown(HealthStatusManager health) {
        return event -> health.enterTerminalState();
    }
}
