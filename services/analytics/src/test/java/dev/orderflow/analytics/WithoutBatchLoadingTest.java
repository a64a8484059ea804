package dev.orderflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.OrderEvents;
import dev.orderflow.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The N+1 that batch loading avoids, measured: the same page of orders with their customers, lines
 * and products, with the per-order resolvers ({@code orderflow.analytics.batch-loading=false}), in a
 * read model of its own (its own database and consumer group).
 */
@TestPropertySource(
        properties = {
            "orderflow.analytics.batch-loading=false",
            "spring.datasource.url=jdbc:h2:mem:analytics-unbatched;DB_CLOSE_DELAY=-1",
            "spring.kafka.consumer.group-id=analytics-unbatched"
        })
class WithoutBatchLoadingTest extends AnalyticsTestSupport {

    @Test
    void withoutBatchLoadingAPageTakesTwoStatementsPerOrderMore() {
        try (var events = new OrderEvents(TestKafka.bootstrapServers())) {
            for (int i = 0; i < 10; i++) {
                var life = new OrderEvents.Life(
                        "nplus-" + i, "NPO-00" + i, 1, 100, Instant.now().truncatedTo(ChronoUnit.SECONDS));
                events.send(life.placed());
            }
        }
        String query = "{ orders(first: 100) { edges { node { id customer { id orderCount }"
                + " items { quantity product { sku name } } } } } }";
        await().atMost(Duration.ofSeconds(20))
                .until(() -> graphql(query).data().path("orders").path("edges").size() >= 10);
        resetStatements();

        var answer = graphql(query);

        int orders = answer.data().path("orders").path("edges").size();
        long statements = statements();
        System.out.printf(
                "Without batch loading: %d statements for a page of %d orders with customers, lines and products%n",
                statements, orders);
        assertThat(answer.errors()).isEmpty();
        assertThat(statements)
                .as("one for the page, then a customer and the lines per order")
                .isEqualTo(1 + 2L * orders);
    }
}
