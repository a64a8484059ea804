package dev.orderflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.inventory.reservation.Reservation;
import dev.orderflow.inventory.reservation.ReservationDesk;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Many reservations racing for the same SKU never take it below zero: once on H2, once on PostgreSQL. */
@SpringBootTest(
        properties = {
            "spring.grpc.server.inprocess.exclusive=true",
            "spring.flyway.locations=classpath:db/migration,classpath:db/demo"
        })
abstract class NoOversellTests {

    @Autowired
    ReservationDesk desk;

    @Autowired
    JdbcClient jdbc;

    @Test
    void sixtyConcurrentReservationsForTwentyFiveUnitsHoldExactlyTwentyFive() throws Exception {
        jdbc.sql("UPDATE stock SET available = 25, reserved = 0 WHERE sku = 'OUT-001'")
                .update();
        int racers = 60;
        var start = new CountDownLatch(1);
        var held = new AtomicInteger();
        var refused = new AtomicInteger();
        try (var pool = Executors.newFixedThreadPool(racers)) {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        desk.reserve(UUID.randomUUID().toString(), List.of(new Reservation.Line("OUT-001", 1)));
                        held.incrementAndGet();
                    } catch (InventoryException.InsufficientStock e) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        }

        assertThat(held).hasValue(25);
        assertThat(refused).hasValue(35);
        assertThat(jdbc.sql("SELECT available FROM stock WHERE sku = 'OUT-001'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT reserved FROM stock WHERE sku = 'OUT-001'")
                        .query(Long.class)
                        .single())
                .isEqualTo(25);
    }
}
