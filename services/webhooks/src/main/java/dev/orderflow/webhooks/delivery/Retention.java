package dev.orderflow.webhooks.delivery;

import static dev.orderflow.defaults.data.Timestamps.utc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The delivery log is kept for {@code retention} (30 days by default): older deliveries that are
 * settled go, with their attempts, and then the messages nothing refers to any more. Pending ones
 * stay whatever their age.
 */
@Component
class Retention implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final DeliveryProperties properties;

    Retention(JdbcClient jdbc, Clock clock, DeliveryProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::purge, Duration.ofHours(1));
    }

    void purge() {
        Instant before = clock.instant().minus(properties.retention());
        int deliveries = jdbc.sql("DELETE FROM deliveries WHERE state IN ('DELIVERED', 'FAILED') AND created_at < ?")
                .param(utc(before))
                .update();
        int messages = jdbc.sql(
                        """
                DELETE FROM messages WHERE created_at < ?
                  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = messages.id)""")
                .param(utc(before))
                .update();
        if (deliveries + messages > 0) {
            log.info(
                    "Purged {} deliveries and {} messages older than {}", deliveries, messages, properties.retention());
        }
    }
}
