package dev.orderflow.defaults;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Registers what every Orderflow HTTP service shares. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServiceDefaultsProperties.class)
@Import({ProblemDetailsHandler.class, ProblemCompletion.class, ProblemErrorController.class})
public class ServiceDefaultsAutoConfiguration {

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
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
