package dev.orderflow.webhooks.delivery;

import dev.orderflow.webhooks.ssrf.UrlGuard;
import java.util.function.UnaryOperator;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the dispatcher's HTTP client. Tests declare their own to add a trip-wire around the guarded
 * resolver: an address outside loopback about to be connected to fails the test instead.
 */
@FunctionalInterface
public interface SenderFactory {

    Sender create(DeliveryProperties properties, UrlGuard guard);

    static SenderFactory resolvingThrough(UnaryOperator<DnsResolver> resolvers) {
        return (properties, guard) -> new Sender(properties, guard, resolvers);
    }

    @Configuration(proxyBeanMethods = false)
    class Default {
        @Bean
        @ConditionalOnMissingBean
        SenderFactory senderFactory() {
            return resolvingThrough(UnaryOperator.identity());
        }
    }
}
