package dev.orderflow.orders.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the contract itself (contracts/openapi/orders.yaml, on the classpath from the contracts
 * module) at {@code /openapi/orders.yaml}; Swagger UI at {@code /swagger-ui.html} shows that file,
 * not a document generated from the code.
 */
@Configuration(proxyBeanMethods = false)
class ContractDocs implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/openapi/**").addResourceLocations("classpath:/openapi/");
    }
}
