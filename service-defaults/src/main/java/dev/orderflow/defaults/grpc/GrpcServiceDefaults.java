package dev.orderflow.defaults.grpc;

import static org.springframework.security.config.Customizer.withDefaults;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * What every Orderflow gRPC service shares: calls need a JWT from identity carrying the service's
 * scope ({@code orderflow.grpc.required-scope}, or for the methods that only read,
 * {@code orderflow.grpc.read-scope}; Spring gRPC's security on Spring Security's JWT
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
        return grpc.authorizeRequests(requests -> {
                    requests.methods("grpc.health.v1.Health/*")
                            .permitAll()
                            .methods("grpc.reflection.v1.ServerReflection/*")
                            .permitAll()
                            .methods("grpc.reflection.v1alpha.ServerReflection/*")
                            .permitAll();
                    String read = properties.readScope();
                    if (read != null && !read.isBlank()) {
                        for (String method : properties.readMethods()) {
                            requests.methods(method).hasAnyAuthority("SCOPE_" + read, "SCOPE_" + scope);
                        }
                    }
                    requests.allRequests().hasAuthority("SCOPE_" + scope);
                })
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

    /**
     * Reflection in its older version too: Spring gRPC serves {@code grpc.reflection.v1}, while
     * Python's grpcio reflection client and older grpcurl builds speak only {@code v1alpha}.
     */
    @Bean
    @ConditionalOnProperty(name = "spring.grpc.server.reflection.enabled", havingValue = "true", matchIfMissing = true)
    @SuppressWarnings("deprecation") // v1alpha is deprecated in favour of v1, and still what many clients send
    BindableService reflectionV1Alpha() {
        return ProtoReflectionService.newInstance();
    }

    /**
     * Health per service name as well as for the server (""): Kubernetes' gRPC probes and
     * {@code grpc_health_probe -service} ask for a service by name. SERVING once the server has
     * started; the shutdown below turns every name NOT_SERVING.
     */
    @Bean
    ApplicationListener<GrpcServerStartedEvent> servingPerService(ObjectProvider<HealthStatusManager> health) {
        return event -> health.ifAvailable(manager -> event.getServer().getServices().stream()
                .map(service -> service.getServiceDescriptor().getName())
                .filter(name -> !name.startsWith("grpc."))
                .forEach(name -> manager.setStatus(name, HealthCheckResponse.ServingStatus.SERVING)));
    }

    /** Graceful shutdown, step one: tell health checkers and load balancers before refusing calls. */
    @Bean
    @ConditionalOnBean(HealthStatusManager.class)
    ApplicationListener<ContextClosedEvent> notServingOnShutdown(HealthStatusManager health) {
        return event -> health.enterTerminalState();
    }
}
