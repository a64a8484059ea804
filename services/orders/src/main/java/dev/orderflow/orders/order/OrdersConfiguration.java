package dev.orderflow.orders.order;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OrdersConfiguration {

    @Bean
    OrderCursor orderCursor(CursorProperties properties) {
        return new OrderCursor(properties.cursorSecret());
    }
}
