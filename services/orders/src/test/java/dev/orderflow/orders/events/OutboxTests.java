package dev.orderflow.orders.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.defaults.tracing.TraceContexts;
import dev.orderflow.orders.order.OrderEvent;
import dev.orderflow.orders.order.OrderStatus;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TopicReader;
import dev.orderflow.testing.TopicReader.Received;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox on each database (H2, the embedded default, and PostgreSQL, by the subclasses): its
 * migration, what the relay sends in one round, and what it leaves for the next.
 */
abstract class OutboxTests {

    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    private final String topic = "outbox-test-" + UUID.randomUUID();
    private DataSource database;
    private JdbcClient jdbc;
    private KafkaTemplate<String, byte[]> kafka;
    private OrderEventRelay relay;
    private TopicReader reader;

    /** A new, empty database. */
    abstract DriverManagerDataSource newDatabase();

    @BeforeEach
    void setUp() {
        database = newDatabase();
        jdbc = JdbcClient.create(database);
        TestKafka.declareTopic(TestKafka.bootstrapServers(), topic, 1);
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all")));
        relay = relay();
        reader = TopicReader.fromBeginning(TestKafka.bootstrapServers(), topic);
    }

    private OrderEventRelay relay() {
        return new OrderEventRelay(
                jdbc,
                new DataSourceTransactionManager(database),
                kafka,
                json,
                new OrderEventsTopic.Properties(topic, 1, (short) 1, Duration.ofDays(1)),
                new PublicationProperties(Duration.ofSeconds(1), 500, Duration.ofSeconds(20), Duration.ofSeconds(1)),
                new SimpleMeterRegistry(),
                TraceContexts.none());
    }

    @AfterEach
    void tearDown() {
        reader.close();
        kafka.destroy();
    }

    @Test
    void eachRoundSendsOnlyTheOldestEventOfEachOrderAndDeletesWhatKafkaAcknowledged() {
        migrate(null);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        var outbox = new OrderEventOutbox(jdbc, json, relay, TraceContexts.none());
        new TransactionTemplate(new DataSourceTransactionManager(database)).executeWithoutResult(tx -> {
            outbox.store(event(first, 1));
            outbox.store(event(second, 1));
        });
        new TransactionTemplate(new DataSourceTransactionManager(database)).executeWithoutResult(tx -> {
            outbox.store(event(first, 2));
            outbox.store(event(first, 3));
        });

        assertThat(relay.relayOnce()).isEqualTo(new OrderEventRelay.Round(2, 0));
        assertThat(outboxSequences(first)).containsExactly(2L, 3L);
        assertThat(outboxSequences(second)).isEmpty();
        assertThat(relay.relayOnce()).isEqualTo(new OrderEventRelay.Round(1, 0));
        assertThat(relay.relayOnce()).isEqualTo(new OrderEventRelay.Round(1, 0));
        assertThat(relay.relayOnce()).isEqualTo(new OrderEventRelay.Round(0, 0));

        List<Received> sent = reader.await(4, r -> true, Duration.ofSeconds(20));
        assertThat(sent)
                .filteredOn(r -> r.key().equals(first.toString()))
                .extracting(r -> r.headers().get("ce_ordersequence"))
                .containsExactly("1", "2", "3");
        assertThat(sent)
                .filteredOn(r -> r.key().equals(second.toString()))
                .extracting(r -> r.headers().get("ce_type"))
                .containsExactly("dev.orderflow.order.placed");
    }

    @Test
    void whileOneInstancesRelayIsInARoundAnotherSendsNothing() throws Exception {
        migrate(null);
        UUID order = UUID.randomUUID();
        var outbox = new OrderEventOutbox(jdbc, json, relay, TraceContexts.none());
        new TransactionTemplate(new DataSourceTransactionManager(database))
                .executeWithoutResult(tx -> outbox.store(event(order, 1)));
        OrderEventRelay other = relay(); // another orders instance on the same database

        // The other instance's round, in progress: it holds the lock (its transaction is open).
        var inRound = new java.util.concurrent.CountDownLatch(1);
        var roundEnds = new java.util.concurrent.CountDownLatch(1);
        var otherRound = java.util.concurrent.CompletableFuture.runAsync(
                () -> new TransactionTemplate(new DataSourceTransactionManager(database)).executeWithoutResult(tx -> {
                    jdbc.sql("SELECT id FROM order_event_relay_lock WHERE id = 1 FOR UPDATE")
                            .query(Integer.class)
                            .single();
                    inRound.countDown();
                    try {
                        roundEnds.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        inRound.await();
        OrderEventRelay.Round whileLocked = relay.relayOnce();
        roundEnds.countDown();
        otherRound.get();

        assertThat(whileLocked).isEqualTo(new OrderEventRelay.Round(0, 0));
        assertThat(outboxSequences(order)).containsExactly(1L);
        assertThat(other.relayOnce()).isEqualTo(new OrderEventRelay.Round(1, 0));
        assertThat(relay.relayOnce()).isEqualTo(new OrderEventRelay.Round(0, 0));
        assertThat(reader.await(1, r -> r.key().equals(order.toString()), Duration.ofSeconds(20)))
                .hasSize(1);
    }

    @Test
    void theMigrationCarriesOverWhatTheOldOutboxHadNotPublished() {
        migrate("7");
        OrderEvent unpublished = event(UUID.randomUUID(), 1);
        jdbc.sql(
                        """
                        INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date)
                        VALUES (?, ?, ?, ?, ?)""")
                .params(
                        UUID.randomUUID(),
                        "org.springframework.modulith.events.support.DelegatingEventExternalizer.externalize",
                        OrderEvent.class.getName(),
                        json.writeValueAsString(unpublished),
                        OffsetDateTime.now(ZoneOffset.UTC))
                .update();

        migrate(null);

        assertThat(outboxSequences(unpublished.orderId())).containsExactly(1L);
        assertThat(relay.relayOnce()).isEqualTo(new OrderEventRelay.Round(1, 0));
        assertThat(reader.await(1, r -> true, Duration.ofSeconds(20)))
                .singleElement()
                .satisfies(r -> assertThat(r.headers())
                        .containsEntry("ce_id", unpublished.eventId().toString()));
    }

    private void migrate(String target) {
        var flyway = Flyway.configure().dataSource(database).locations("classpath:db/migration");
        (target == null ? flyway : flyway.target(target)).load().migrate();
    }

    private List<Long> outboxSequences(UUID order) {
        return jdbc.sql("SELECT sequence FROM order_event_outbox WHERE order_id = ? ORDER BY sequence")
                .param(order)
                .query(Long.class)
                .list();
    }

    private static OrderEvent event(UUID order, int sequence) {
        return new OrderEvent(
                UUID.randomUUID(),
                sequence == 1 ? OrderEvent.Type.PLACED : OrderEvent.Type.STATUS_CHANGED,
                order,
                "outbox-test",
                sequence,
                sequence == 1 ? null : OrderStatus.AWAITING_PAYMENT,
                OrderStatus.AWAITING_PAYMENT,
                Instant.now(),
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
