package dev.orderflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.analytics.readmodel.Changes;
import dev.orderflow.testing.OrderEvents;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

/**
 * Two instances of analytics on one database, sharing the read model's consumer group (each applies
 * the events of its own partitions): a subscriber on either sees every change, whichever instance
 * applied it.
 */
class TwoInstancesTest extends AnalyticsTestSupport {

    @Test
    @SuppressWarnings("unchecked")
    void aSubscriberOnOneInstanceSeesWhatTheOtherApplied() throws Exception {
        // Command-line arguments: they outrank application.yaml, as an operator's settings would.
        try (var second = new SpringApplicationBuilder(AnalyticsApplication.class)
                        .run(
                                "--server.port=0",
                                "--spring.datasource.url=jdbc:h2:mem:analytics;DB_CLOSE_DELAY=-1",
                                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
                                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + tokens.jwkSetUri(),
                                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers());
                var events = new OrderEvents(TestKafka.bootstrapServers())) {
            var feed = (KafkaMessageListenerContainer<String, byte[]>) second.getBean("orderEventsListener");
            // the group has been shared out: the second instance applies some partitions, this one the rest
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> feed.getAssignedPartitions() != null
                            && !feed.getAssignedPartitions().isEmpty()
                            && feed.getAssignedPartitions().size() < 6);
            int secondPort =
                    ((WebServerApplicationContext) second).getWebServer().getPort();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> second.getBean("liveFeedHealthIndicator") != null
                            && ((org.springframework.boot.health.contributor.HealthIndicator)
                                            second.getBean("liveFeedHealthIndicator"))
                                    .health()
                                    .getStatus()
                                    .getCode()
                                    .equals("UP"));
            String customer = "two-" + System.nanoTime();
            try (var socket = new GraphQlSocket(secondPort)) {
                socket.initialize(dashboard("analytics:read"));
                socket.subscribe(
                        "1",
                        "subscription($c: ID) { orderUpdates(filter: { customer: $c }) { orderId order { id } } }",
                        Map.of("c", customer));
                Changes onSecond = second.getBean(Changes.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> onSecond.orderSubscribers() >= 1);

                Set<UUID> placed = new HashSet<>();
                for (int i = 0; i < 12; i++) { // keys spread over all six partitions
                    var life = new OrderEvents.Life(
                            customer, "TWO-001", 1, 100, Instant.now().truncatedTo(ChronoUnit.SECONDS));
                    events.send(life.placed());
                    placed.add(life.orderId);
                }

                Set<UUID> seen = new HashSet<>();
                while (seen.size() < placed.size()) {
                    var update = socket.next().at("/payload/data/orderUpdates");
                    assertThat(update.path("order").path("id").asString())
                            .as("the read model has it when the update is pushed")
                            .isEqualTo(update.path("orderId").asString());
                    seen.add(UUID.fromString(update.path("orderId").asString()));
                }
                assertThat(seen).isEqualTo(placed);
            }
        }
    }
}
