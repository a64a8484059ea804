package dev.orderflow.defaults.events;

import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topic of order events, declared by every service that produces or consumes it: Spring Kafka's
 * {@link KafkaAdmin} creates it when it is missing (and leaves an existing topic as it is), so
 * whichever service starts first, the topic exists with its intended partitions and retention;
 * nobody creates it by hand and the broker never auto-creates it from a typo.
 *
 * <p>Services start in any order: rather than block start-up until Kafka answers (KafkaAdmin's
 * default), the declaration runs in the background and is retried with backoff until it succeeds.
 */
@AutoConfiguration
@ConditionalOnClass(KafkaAdmin.class)
@EnableConfigurationProperties(OrderEventsTopic.Properties.class)
public class OrderEventsTopic {

    @Bean
    TopicDeclaration orderEventsTopicDeclaration(KafkaAdmin admin, NewTopic orderEventsTopic) {
        return new TopicDeclaration(admin, orderEventsTopic);
    }

    @Bean
    NewTopic orderEventsTopic(Properties topic) {
        return TopicBuilder.name(topic.name())
                .partitions(topic.partitions())
                .replicas(topic.replicationFactor())
                .config("retention.ms", String.valueOf(topic.retention().toMillis()))
                .config("cleanup.policy", "delete")
                .build();
    }

    /** Creates the topic if missing, in the background, retrying with capped exponential backoff. */
    static final class TopicDeclaration implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(TopicDeclaration.class);

        private final KafkaAdmin admin;
        private final NewTopic topic;
        private volatile Thread worker;
        private volatile boolean declared;

        TopicDeclaration(KafkaAdmin admin, NewTopic topic) {
            this.admin = admin;
            this.topic = topic;
        }

        @Override
        public void start() {
            worker = Thread.ofVirtual().name("declare-" + topic.name()).start(this::declare);
        }

        private void declare() {
            Duration backoff = Duration.ofMillis(500);
            while (!declared && !Thread.currentThread().isInterrupted()) {
                try {
                    admin.createOrModifyTopics(topic);
                    declared = true;
                } catch (RuntimeException e) {
                    log.warn("Topic {} not declared yet ({}); retrying in {}", topic.name(), e.getMessage(), backoff);
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException stop) {
                        return;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                            ? Duration.ofSeconds(30)
                            : backoff.multipliedBy(2);
                }
            }
        }

        @Override
        public void stop() {
            Thread running = worker;
            if (running != null) {
                running.interrupt();
            }
            worker = null;
        }

        @Override
        public boolean isRunning() {
            return worker != null;
        }
    }

    /**
     * @param name the topic ({@code contracts/asyncapi/order-events.yaml})
     * @param partitions the unit of parallelism of consumers; an order's events share one partition
     * @param replicationFactor 1 for the embedded single broker, 3 on a production cluster
     * @param retention how long events stay replayable (consumers that were down catch up within it)
     */
    @ConfigurationProperties("orderflow.events.topic")
    public record Properties(
            @DefaultValue("orderflow.order-events") String name,
            @DefaultValue("6") int partitions,
            @DefaultValue("1") short replicationFactor,
            @DefaultValue("P7D") Duration retention) {}
}
