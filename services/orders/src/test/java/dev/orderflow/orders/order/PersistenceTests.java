package dev.orderflow.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.defaults.tracing.TracingDefaults;
import dev.orderflow.orders.Money;
import dev.orderflow.orders.catalog.Catalog;
import dev.orderflow.orders.catalog.Product;
import dev.orderflow.orders.idempotency.IdempotencyKeys;
import dev.orderflow.orders.idempotency.IdempotencyKeys.Claim;
import dev.orderflow.orders.idempotency.IdempotencyKeys.StoredResponse;
import dev.orderflow.orders.idempotency.IdempotencyProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The data-access behaviour every database must give: run once on H2 (the embedded default) and
 * once on PostgreSQL (production), by the subclasses.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED) // commit for real, as the service does
@Import({
    Orders.class,
    Refunds.class,
    Catalog.class,
    IdempotencyKeys.class,
    TracingDefaults.class,
    PersistenceTests.Beans.class
})
@TestPropertySource(
        properties = {
            "spring.flyway.locations=classpath:db/migration,classpath:db/demo",
            "orderflow.orders.idempotency.in-flight-lease=PT1M"
        })
abstract class PersistenceTests {

    @EnableConfigurationProperties(IdempotencyProperties.class)
    static class Beans {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    @Autowired
    Orders orders;

    @Autowired
    Refunds refunds;

    @Autowired
    Catalog catalog;

    @Autowired
    IdempotencyKeys keys;

    @Autowired
    JdbcClient jdbc;

    @Test
    void migratesAndSeedsTheDemoCatalog() {
        assertThat(catalog.count(null)).isGreaterThanOrEqualTo(50);
        assertThat(catalog.find("ACC-001"))
                .hasValueSatisfying(p -> assertThat(p.price().currency()).isEqualTo("EUR"));
        assertThat(catalog.page(null, 2, 20)).hasSize(20);
        assertThat(catalog.page("MUG", 0, 20))
                .extracting(Product::sku)
                .as("searched in any case, in the name or the description")
                .containsExactly("KIT-006", "OUT-002");
        assertThat(catalog.count("mug")).isEqualTo(2);
        assertThat(catalog.count("50%_off\\")).as("%, _ and \\ are literals").isZero();
    }

    @Test
    void storesAnOrderAndReadsBackTheSameValuesToTheMicrosecond() {
        Order order = newOrder("round-trip", Instant.now().truncatedTo(ChronoUnit.MICROS));

        orders.insert(order);
        Order read = orders.find(order.id()).orElseThrow();

        assertThat(read.createdAt()).isEqualTo(order.createdAt());
        assertThat(read.lines()).isEqualTo(order.lines());
        assertThat(read.shippingAddress()).isEqualTo(order.shippingAddress());
        assertThat(read.total()).isEqualTo(new Money(2 * 1500 + 990 + 490, "EUR"));
        assertThat(read.fulfilment()).isEqualTo(order.fulfilment());
        assertThat(read.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    }

    @Test
    void pagesByKeysetExactlyOnceEvenWhenCreationTimesTie() {
        String customer = "keyset-" + System.nanoTime();
        Instant same = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Set<Object> inserted = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 9; i++) {
            Order order = newOrder(customer, i % 3 == 0 ? same : same.minusMillis(i));
            orders.insert(order);
            inserted.add(order.id());
        }
        var query = new OrderQuery(customer, List.of(), null, null);

        List<Object> seen = new ArrayList<>();
        OrderCursor.Position after = null;
        while (true) {
            List<Order> page = orders.page(query, after, 2);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(o -> seen.add(o.id()));
            Order last = page.getLast();
            after = new OrderCursor.Position(last.createdAt(), last.id());
        }

        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(inserted);
    }

    @Test
    void refusesAStaleUpdate() {
        Order order = newOrder("stale", Instant.now().truncatedTo(ChronoUnit.MICROS));
        orders.insert(order);
        Order first = orders.find(order.id()).orElseThrow();
        Order second = orders.find(order.id()).orElseThrow();
        first.cancel(UUID.randomUUID(), Instant.now());
        orders.update(first);

        second.cancel(UUID.randomUUID(), Instant.now());

        assertThatThrownBy(() -> orders.update(second)).isInstanceOf(OptimisticLockingFailureException.class);
    }

    @Test
    void keepsThePaymentTheShipmentAndARefundDueThroughEveryStep() {
        Instant placedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Order order = newOrder("journey", placedAt);
        orders.insert(order);
        assertThat(orders.awaitingIntent(10_000)).contains(order.id());

        Order read = orders.find(order.id()).orElseThrow();
        read.paymentUpdated(new Order.Payment("pi_1", "requires_payment_method", "pi_1_secret_x"), placedAt);
        orders.update(read);
        assertThat(orders.awaitingIntent(10_000)).doesNotContain(order.id());
        assertThat(orders.unpaidSince(placedAt.plusSeconds(1), 10_000)).contains(order.id());
        assertThat(orders.unpaidSince(placedAt, 10_000)).doesNotContain(order.id());

        read = orders.find(order.id()).orElseThrow();
        assertThat(read.payment()).isEqualTo(new Order.Payment("pi_1", "requires_payment_method", "pi_1_secret_x"));
        read.paid(read.payment(), placedAt);
        read.shipmentCreated(new Order.Shipment("shp-1", "OF123"), placedAt);
        orders.update(read); // two moves, one save
        assertThat(orders.idsInStatus(OrderStatus.FULFILLING, 10_000)).contains(order.id());

        Order saved = orders.find(order.id()).orElseThrow();
        assertThat(saved.status()).isEqualTo(OrderStatus.FULFILLING);
        assertThat(saved.version()).isEqualTo(4);
        assertThat(saved.payment().status()).isEqualTo("succeeded");
        assertThat(saved.shipment()).isEqualTo(new Order.Shipment("shp-1", "OF123"));
        assertThat(saved.refundDue()).isFalse();

        Order paid = newOrder("refund", placedAt);
        orders.insert(paid);
        Order toCancel = orders.find(paid.id()).orElseThrow();
        toCancel.paid(new Order.Payment("pi_2", "succeeded", null), placedAt);
        UUID refundId = UUID.randomUUID();
        toCancel.cancel(refundId, placedAt);
        orders.update(toCancel);
        Order cancelled = orders.find(paid.id()).orElseThrow();
        assertThat(cancelled.refundDue()).isTrue();
        assertThat(cancelled.payment()).isEqualTo(new Order.Payment("pi_2", "succeeded", null));
        assertThat(cancelled.refundable().amountMinor()).isZero();
        assertThat(refunds.ofOrder(paid.id()))
                .singleElement()
                .extracting(Refund::id, Refund::amount, Refund::status)
                .containsExactly(refundId, cancelled.total(), Refund.Status.REQUESTED);
        assertThat(refunds.due(placedAt, 10_000))
                .extracting(due -> due.refund().id())
                .contains(refundId);

        // Settled: the totals move, the refund leaves the job's to-do list.
        Refund requested = refunds.find(refundId).orElseThrow();
        assertThat(cancelled.refundSettled(requested, placedAt)).isTrue();
        orders.update(cancelled);
        Order refunded = orders.find(paid.id()).orElseThrow();
        assertThat(refunded.refunded()).isEqualTo(refunded.total());
        assertThat(refunded.refundDue()).isFalse();
        assertThat(refunds.find(refundId).orElseThrow().status()).isEqualTo(Refund.Status.REFUNDED);
        assertThat(refunds.due(placedAt.plusSeconds(3600), 10_000))
                .extracting(due -> due.refund().id())
                .doesNotContain(refundId);
    }

    @Test
    void grantsAnIdempotencyKeyToExactlyOneOfManyConcurrentClaims() throws Exception {
        int claimants = 16;
        var ready = new CountDownLatch(claimants);
        List<Claim> claims = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newFixedThreadPool(claimants)) {
            for (int i = 0; i < claimants; i++) {
                pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return claims.add(keys.claim("race", "k", "f".repeat(64)));
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(claims).hasSize(claimants);
        assertThat(claims).filteredOn(c -> c instanceof Claim.Granted).hasSize(1);
        assertThat(claims).filteredOn(c -> c instanceof Claim.InFlight).hasSize(claimants - 1);
    }

    @Test
    void replaysACompletedKeyAndRefusesADifferentFingerprint() {
        String fingerprint = "a".repeat(64);
        assertThat(keys.claim("replay", "k", fingerprint)).isInstanceOf(Claim.Granted.class);
        var stored = new StoredResponse(201, "{\"id\":1}", "/api/orders/1", "\"1\"");
        keys.complete("replay", "k", stored);

        assertThat(keys.claim("replay", "k", fingerprint)).isEqualTo(new Claim.Replay(stored));
        assertThat(keys.claim("replay", "k", "b".repeat(64))).isInstanceOf(Claim.Mismatch.class);
        assertThat(keys.claim("someone-else", "k", fingerprint)).isInstanceOf(Claim.Granted.class);
    }

    @Test
    void takesOverExpiredAndAbandonedKeys() {
        String fingerprint = "c".repeat(64);
        keys.claim("old", "expired", fingerprint);
        keys.complete("old", "expired", new StoredResponse(201, "{}", "/x", "\"1\""));
        keys.claim("old", "abandoned", fingerprint);
        jdbc.sql("UPDATE idempotency_records SET expires_at = created_at WHERE idempotency_key = 'expired'")
                .update();
        jdbc.sql("UPDATE idempotency_records SET created_at = ? WHERE idempotency_key = 'abandoned'")
                .param(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5))
                .update();

        assertThat(keys.claim("old", "expired", "d".repeat(64))).isInstanceOf(Claim.Granted.class);
        assertThat(keys.claim("old", "abandoned", fingerprint)).isInstanceOf(Claim.Granted.class);
    }

    @Test
    void releasesAKeyForARetry() {
        keys.claim("release", "k", "e".repeat(64));
        keys.release("release", "k");

        assertThat(keys.claim("release", "k", "f".repeat(64))).isInstanceOf(Claim.Granted.class);
    }

    private static Order newOrder(String customer, Instant createdAt) {
        var lines = List.of(
                new OrderLine("ACC-001", "Canvas Tote Bag", 2, new Money(1500, "EUR")),
                new OrderLine("KIT-002", "Cast Iron Skillet", 1, new Money(990, "EUR")));
        var address = new Address("A", "1 Rue", null, "Lyon", "69001", "FR");
        var fulfilment = new Order.Fulfilment(
                UUID.randomUUID().toString(), new Money(490, "EUR"), 2, createdAt.plusSeconds(172_800));
        return Order.place(UUID.randomUUID(), customer, lines, address, fulfilment, createdAt);
    }
}
