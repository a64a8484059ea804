package dev.orderflow.defaults;

import io.micrometer.observation.ObservationPredicate;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/** Registers what every Orderflow HTTP service shares. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServiceDefaultsProperties.class)
@Import({ProblemDetailsHandler.class, ProblemCompletion.class, ProblemErrorController.class})
public class ServiceDefaultsAutoConfiguration {

    @Bean
    AllowedMethods allowedMethods(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        return new AllowedMethods(mappings);
    }

    @Bean
    StrictJson strictJson() {
        return new StrictJson();
    }

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }

    /**
     * Probes are not traced: the launcher and Kubernetes ask for health every few seconds, and at
     * 100 % sampling their spans would bury the traces of real requests. (They drop out of the
     * http.server.requests metric too, which then counts only real requests.)
     */
    @Bean
    ObservationPredicate probesAreNotObserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier().getRequestURI().startsWith("/actuator"));
    }

    @Bean
    FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        var registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            ServiceDefaultsProperties properties, ProblemResponses problems) {
        var filter = new RequestBodyLimitFilter(properties.maxRequestBody().toBytes(), problems);
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Tokens whose keys cannot be fetched are refused as invalid (401), not a 500 (UnverifiableTokens). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.oauth2.jwt.JwtDecoder")
    static class TokenVerification {

        @Bean
        static dev.orderflow.defaults.security.UnverifiableTokens unverifiableTokens() {
            return new dev.orderflow.defaults.security.UnverifiableTokens();
        }
    }

    /** Errors Tomcat answers itself (oversized headers, rejected paths) as problem+json too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory")
    static class TomcatErrors {

        @Bean
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReportValve() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    // The host adds this class's valve when it starts; any other error page goes.
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                }
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = "org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint")
    static class ResourceServer {

        @Bean
        ProblemSecurityHandlers problemSecurityHandlers(ProblemResponses problems) {
            return new ProblemSecurityHandlers(problems);
        }

        @Bean
        ResourceServerDefaults resourceServerDefaults(ProblemSecurityHandlers handlers) {
            return new ResourceServerDefaults(handlers);
        }
    }
}
