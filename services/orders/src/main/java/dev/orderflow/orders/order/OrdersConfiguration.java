package dev.orderflow.orders.order;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OrdersConfiguration {

    @Bean
    OrderCursor orderCursor(@Value("${orderflow.orders.cursor-secret:}") String secret) {
        return new OrderCursor(secret);
    }
}
