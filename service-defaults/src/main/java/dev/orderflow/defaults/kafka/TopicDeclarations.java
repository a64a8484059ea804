package dev.orderflow.defaults.kafka;

import dev.orderflow.defaults.BackgroundRetry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the topics a service defines (its {@link NewTopic} beans) without making it wait for
 * Kafka: Spring Kafka's {@link KafkaAdmin} creates each missing topic (an existing one is left as
 * it is) in the background, retried with backoff until the broker answers. Services keep
 * {@code spring.kafka.admin.auto-create=false}, so KafkaAdmin itself never blocks start-up. Which
 * topics exist, with which partitions and retention, is each service's own configuration.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaAdmin.class)
public class TopicDeclarations {

    @Bean
    @ConditionalOnBean({KafkaAdmin.class, NewTopic.class})
    Declaration topicDeclaration(KafkaAdmin admin, ObjectProvider<NewTopic> topics) {
        return new Declaration(admin, topics.orderedStream().toList());
    }

    static final class Declaration implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(TopicDeclarations.class);

        private final KafkaAdmin admin;
        private final List<NewTopic> topics;
        private volatile Thread worker;

        Declaration(KafkaAdmin admin, List<NewTopic> topics) {
            this.admin = admin;
            this.topics = topics;
        }

        @Override
        public void start() {
            worker = BackgroundRetry.start(
                    "declare-topics",
                    BackgroundRetry.backoff(Duration.ofMillis(500), Duration.ofSeconds(30), Long.MAX_VALUE),
                    log,
                    () -> admin.createOrModifyTopics(topics.toArray(NewTopic[]::new)));
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
}
