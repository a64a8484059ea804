package dev.orderflow.orders.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.kafka.broker.KafkaBroker;
import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.orders.OrdersApplication;
import dev.orderflow.testing.ApiClient;
import dev.orderflow.testing.OpenApiContract;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TestTokens;
import dev.orderflow.testing.TopicReader;
import dev.orderflow.testing.TopicReader.Received;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox under failure, with extra instances of the orders service started here: a service that
 * dies between the commit and the publish, and a broker that restarts while events are in flight.
 */
class OutboxRecoveryTest extends ApiTestSupport {

    private static final String TOPIC = "orderflow.order-events";

    @Test
    void anEventCommittedButNeverPublishedGoesOutWhenTheServiceStartsAgain() throws Exception {
        String db = "crash-" + System.nanoTime();
        String id;
        // The first instance commits orders while Kafka cannot be reached: its publish is stuck in
        // flight when the instance goes away, exactly as if it had been killed after the commit.
        try (var first = start(db, "127.0.0.1:" + closedPort())) {
            id = place(first, customer("erin"));
        }
        String storedEventId;
        try (var connection = DriverManager.getConnection("jdbc:h2:mem:" + db, "sa", "");
                var rows =
                        connection.createStatement().executeQuery("SELECT event, sequence FROM order_event_outbox")) {
            assertThat(rows.next()).as("the event is in the outbox").isTrue();
            assertThat(rows.getString(1)).contains(id);
            assertThat(rows.getLong(2)).isEqualTo(1);
            storedEventId = rows.getString(1).replaceAll(".*\"event_id\":\"([^\"]+)\".*", "$1");
            assertThat(rows.next()).isFalse();
        }

        try (var topic = TopicReader.fromNow(TestKafka.bootstrapServers(), TOPIC);
                var restarted = start(db, TestKafka.bootstrapServers())) {
            List<Received> events = topic.await(1, r -> id.equals(r.key()), Duration.ofSeconds(20));

            assertThat(events).hasSize(1);
            assertThat(events.getFirst().headers())
                    .containsEntry("ce_id", storedEventId)
                    .containsEntry("ce_type", "dev.orderflow.order.placed");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows(restarted) == 0);
        }
    }

    @Test
    void eachOrdersEventsStayInOrderAcrossABrokerRestart() throws Exception {
        try (KafkaBroker broker = TestKafka.startPrivate();
                var service = start("restart-" + System.nanoTime(), broker.bootstrapServers());
                var topic = TopicReader.fromBeginning(broker.bootstrapServers(), TOPIC)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(place(service, customer("frank")));
            }
            topic.await(10, r -> true, Duration.ofSeconds(20));

            // Cancel every order while the broker goes down and comes back: their events are
            // committed during the outage and published (in order) once it is back.
            var restart = CompletableFuture.runAsync(broker::restart);
            for (String id : ids) {
                var cancelled = client(service)
                        .post("/api/orders/" + id + "/cancel", Map.of())
                        .token(customer("frank"))
                        .send();
                assertThat(cancelled.status()).isEqualTo(200);
            }
            restart.get();

            List<Received> events = topic.await(20, r -> true, Duration.ofSeconds(60));
            Map<String, List<Received>> byOrder = events.stream()
                    .collect(Collectors.groupingBy(Received::key, LinkedHashMap::new, Collectors.toList()));
            assertThat(byOrder).containsOnlyKeys(ids);
            byOrder.forEach((id, own) -> {
                assertThat(own)
                        .as("order %s", id)
                        .extracting(r -> r.headers().get("ce_ordersequence"))
                        .containsExactly("1", "2");
                assertThat(own)
                        .extracting(Received::partition)
                        .containsOnly(own.getFirst().partition());
                assertThat(own.get(0).offset()).isLessThan(own.get(1).offset());
            });
            assertThat(events.stream().map(r -> r.headers().get("ce_id")).distinct())
                    .hasSize(20);
        }
    }

    /**
     * Kafka down for longer than the producer's delivery timeout: the sends fail, the events stay
     * in the outbox, and when Kafka is back every order's events arrive in sequence — also for
     * orders placed and cancelled during the outage, whose two events were both waiting.
     */
    @Test
    void eventsWhoseSendFailedGoOutInEachOrdersSequenceWhenKafkaIsBack() throws Exception {
        try (KafkaBroker broker = TestKafka.startPrivate();
                var service = start(
                        "outage-" + System.nanoTime(),
                        broker.bootstrapServers(),
                        "--spring.kafka.producer.properties.delivery.timeout.ms=2000",
                        "--spring.kafka.producer.properties.request.timeout.ms=1000",
                        "--spring.kafka.producer.properties.max.block.ms=1000",
                        "--orderflow.orders.events.poll-interval=PT0.2S");
                var topic = TopicReader.fromBeginning(broker.bootstrapServers(), TOPIC)) {
            List<String> before = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                before.add(place(service, customer("grace")));
            }
            topic.await(5, r -> true, Duration.ofSeconds(20));
            var failed = service.getBean(MeterRegistry.class).counter("orderflow.outbox.failed");

            broker.stop();
            List<String> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                during.add(place(service, customer("grace")));
            }
            for (String id : Stream.concat(before.stream(), during.stream()).toList()) {
                cancel(service, id, customer("grace"));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(failed.count())
                    .isGreaterThan(0));
            assertThat(outboxRows(service))
                    .as("nothing left the outbox while Kafka was down")
                    .isEqualTo(15);
            broker.startAgain();

            List<Received> events = topic.await(20, r -> true, Duration.ofSeconds(60));
            Map<String, List<String>> sequences = events.stream()
                    .collect(Collectors.groupingBy(
                            Received::key,
                            LinkedHashMap::new,
                            Collectors.mapping(r -> r.headers().get("ce_ordersequence"), Collectors.toList())));
            assertThat(sequences).hasSize(10);
            sequences.forEach((id, seen) -> assertThat(seen.stream().distinct())
                    .as("order %s, first deliveries in %s", id, seen)
                    .containsExactly("1", "2"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows(service) == 0);
        }
    }

    private void cancel(ConfigurableApplicationContext service, String id, String token) {
        var cancelled = client(service)
                .post("/api/orders/" + id + "/cancel", Map.of())
                .token(token)
                .send();
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    }

    private ConfigurableApplicationContext start(String db, String kafka, String... extra) {
        var args = Stream.concat(
                        Stream.of(
                                "--server.port=0",
                                "--spring.datasource.url=jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1",
                                "--spring.flyway.locations=classpath:db/migration,classpath:db/demo",
                                "--orderflow.orders.cursor-secret=test-cursor-secret-of-at-least-32-chars",
                                "--orderflow.orders.events.drain-timeout=PT1S",
                                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
                                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + tokens.jwkSetUri(),
                                "--spring.security.oauth2.client.provider.identity.token-uri=" + tokens.tokenUri(),
                                "--spring.security.oauth2.client.registration.orderflow-orders.client-secret=test",
                                "--spring.grpc.client.channels.inventory.address=127.0.0.1:" + dependencies.port(),
                                "--spring.grpc.client.channels.shipping.address=127.0.0.1:" + dependencies.port(),
                                "--spring.kafka.bootstrap-servers=" + kafka),
                        Stream.of(extra))
                .toArray(String[]::new);
        return new SpringApplicationBuilder(OrdersApplication.class).run(args);
    }

    private String place(ConfigurableApplicationContext service, String token) {
        var response = client(service)
                .post("/api/orders", order(null, "STA-004", 1))
                .token(token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    private static ApiClient client(ConfigurableApplicationContext service) {
        String port = service.getEnvironment().getProperty("local.server.port");
        return new ApiClient(URI.create("http://127.0.0.1:" + port), OpenApiContract.orders());
    }

    private static long outboxRows(ConfigurableApplicationContext service) {
        return service.getBean(JdbcClient.class)
                .sql("SELECT COUNT(*) FROM order_event_outbox")
                .query(Long.class)
                .single();
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
