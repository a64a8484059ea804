package dev.orderflow.orders.events;

import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topic of order events, owned by orders, its only producer: declared with its intended
 * partitions and retention (service-defaults' {@code TopicDeclarations} creates it in the
 * background when it is missing), so nobody creates it by hand and the broker never auto-creates
 * it from a typo. Consumers only read it.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventsTopic {

    @Bean
    NewTopic orderEvents(Properties topic) {
        return TopicBuilder.name(topic.topic())
                .partitions(topic.partitions())
                .replicas(topic.replicationFactor())
                .config("retention.ms", String.valueOf(topic.retention().toMillis()))
                .config("cleanup.policy", "delete")
                .build();
    }

    /**
     * @param topic the topic ({@code contracts/asyncapi/order-events.yaml}; {@code ORDERFLOW_EVENTS_TOPIC})
     * @param partitions the unit of parallelism of consumers; an order's events share one partition
     * @param replicationFactor 1 for the embedded single broker, 3 on a production cluster
     * @param retention how long events stay replayable (consumers that were down catch up within it)
     */
    @ConfigurationProperties("orderflow.events")
    record Properties(
            @DefaultValue("orderflow.order-events") String topic,
            @DefaultValue("6") int partitions,
            @DefaultValue("1") short replicationFactor,
            @DefaultValue("P7D") Duration retention) {}
}
