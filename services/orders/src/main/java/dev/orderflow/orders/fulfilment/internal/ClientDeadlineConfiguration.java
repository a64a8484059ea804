package dev.orderflow.orders.fulfilment.internal;

import dev.orderflow.defaults.ProblemResponses;
import dev.orderflow.orders.fulfilment.ClientDeadlineFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The API's requests run with their caller's deadline, when it gives one (Grpc-Timeout). */
@Configuration(proxyBeanMethods = false)
class ClientDeadlineConfiguration {

    @Bean
    FilterRegistrationBean<ClientDeadlineFilter> clientDeadlineFilter(ProblemResponses problems) {
        var registration = new FilterRegistrationBean<>(new ClientDeadlineFilter(problems));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20); // after the correlation id and the body limit
        return registration;
    }
}
