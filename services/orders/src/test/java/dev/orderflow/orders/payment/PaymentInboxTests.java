package dev.orderflow.orders.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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

/** The inbox on each database: one row per event id, however many copies arrive and however concurrently. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED) // commit for real, as the service does
@Import({PaymentInbox.class, PaymentInboxTests.Beans.class})
abstract class PaymentInboxTests {

    static class Beans {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
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
