package dev.orderflow.orders.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.defaults.tracing.TracingDefaults;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The inbox on each database: one row per event id, however many copies arrive and however concurrently. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED) // commit for real, as the service does
@Import({PaymentInbox.class, TracingDefaults.class, PaymentInboxTests.Beans.class})
abstract class PaymentInboxTests {

    static class Beans {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        JsonMapper json() {
            return JsonMapper.builder().build();
        }
    }

    @Autowired
    PaymentInbox inbox;

    @Autowired
    JdbcClient jdbc;

    @Test
    void keepsAnEventOnceAndSaysWhenItWasARepeat() {
        assertThat(inbox.receive("evt_once", "payment_intent.succeeded", "{\"id\":\"evt_once\"}"))
                .isTrue();
        assertThat(inbox.receive("evt_once", "payment_intent.succeeded", "{\"id\":\"evt_once\"}"))
                .isFalse();

        assertThat(count("evt_once")).isEqualTo(1);
    }

    @Test
    void dueEventsComeOutParsedUntilProcessedAndRetriesWaitTheirTurn() {
        UUID order = UUID.randomUUID();
        String id = "evt_due_" + order.toString().substring(0, 8);
        inbox.receive(
                id,
                "payment_intent.payment_failed",
                """
                {"id":"%s","object":"event","type":"payment_intent.payment_failed","created":1764669600,
                 "data":{"object":{"id":"pi_due","object":"payment_intent","status":"requires_payment_method",
                 "last_payment_error":{"code":"card_declined","message":"Your card was declined."},
                 "metadata":{"order_id":"%s"}}}}"""
                        .formatted(id, order));

        assertThat(inbox.due(1000))
                .filteredOn(e -> e.eventId().equals(id))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo("payment_intent.payment_failed");
                    assertThat(e.attempts()).isZero();
                    assertThat(e.intent().id()).isEqualTo("pi_due");
                    assertThat(e.intent().status()).isEqualTo("requires_payment_method");
                    assertThat(e.intent().orderId()).isEqualTo(order);
                    assertThat(e.intent().failure()).isEqualTo("card_declined: Your card was declined.");
                    assertThat(e.intent().clientSecret()).isNull();
                });

        inbox.retryLater(id, Duration.ofHours(1), "waiting");
        assertThat(inbox.due(1000)).noneMatch(e -> e.eventId().equals(id));

        inbox.retryLater(id, Duration.ofSeconds(-1), "waiting again");
        assertThat(inbox.due(1000))
                .filteredOn(e -> e.eventId().equals(id))
                .singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(2));

        inbox.processed(id, "paid");
        assertThat(inbox.due(1000)).noneMatch(e -> e.eventId().equals(id));
        assertThat(jdbc.sql("SELECT outcome FROM payment_inbox WHERE event_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("paid");
    }

    @Test
    void forgetsOnlyEventsProcessedBeforeTheRetention() {
        String old = "evt_old_" + UUID.randomUUID().toString().substring(0, 8);
        String pending = "evt_pending_" + UUID.randomUUID().toString().substring(0, 8);
        inbox.receive(old, "payment_intent.succeeded", "{}");
        inbox.receive(pending, "payment_intent.succeeded", "{}");
        inbox.processed(old, "paid");

        int purged = inbox.purgeProcessedBefore(java.time.Instant.now().plusSeconds(1));

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(count(old)).isZero();
        assertThat(count(pending)).as("never forgets what it has not processed").isEqualTo(1);
        assertThat(inbox.purgeProcessedBefore(java.time.Instant.now().minusSeconds(3600)))
                .isZero();
    }

    @Test
    void racingCopiesOfOneEventLeaveOneRowAndOneWinner() throws Exception {
        List<Future<Boolean>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit((Callable<Boolean>) () -> inbox.receive("evt_race", "t", "{}")));
            }
        }
        int winners = 0;
        for (var result : results) {
            winners += result.get() ? 1 : 0;
        }

        assertThat(winners).isEqualTo(1);
        assertThat(count("evt_race")).isEqualTo(1);
    }

    private long count(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM payment_inbox WHERE event_id = ?")
                .param(id)
                .query(Long.class)
                .single();
    }
}
