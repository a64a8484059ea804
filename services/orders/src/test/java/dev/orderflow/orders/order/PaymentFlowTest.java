package dev.orderflow.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.contracts.shipping.v1.ShipmentStatus;
import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.orders.Money;
import dev.orderflow.orders.payment.FakePaymentProvider;
import dev.orderflow.orders.payment.PaymentInbox;
import dev.orderflow.orders.payment.Reconciliation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Orders paying through the provider and fulfilling through shipping, against the stand-ins
 * (FakePaymentProvider, FakeDependencies) whose faults and timing the tests decide: intents created
 * once whatever the provider does, webhooks applied once in whatever order, reconciliation for
 * the lost ones, and the shipment followed to DELIVERED across broken streams.
 */
class PaymentFlowTest extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    Orders orders;

    @Autowired
    PaymentFlow flow;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    PaymentInbox inbox;

    @Autowired
    TransactionTemplate tx;

    @Test
    void aPlacedOrderGetsOneIntentAndItsCustomerSeesTheClientSecret() {
        String customer = "pay-" + System.nanoTime();
        UUID id = UUID.fromString(place(customer(customer), order(null, "ACC-001", 1)));

        var payment = awaitIntent(id);

        var read = api.get("/api/orders/" + id).token(customer(customer)).send();
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("payment").get("intent_id").asText()).isEqualTo(payment.intentId());
        assertThat(read.json().get("payment").get("status").asText()).isEqualTo("requires_payment_method");
        assertThat(read.json().get("payment").get("client_secret").asText())
                .startsWith(payment.intentId() + "_secret_");
        assertThat(read.json().get("refund_due").asBoolean()).isFalse();
        assertThat(psp.intentsFor(id)).isEqualTo(1);
        assertThat(psp.requests)
                .filteredOn(r -> r.path().equals("/v1/payment_intents"))
                .extracting(FakePaymentProvider.Request::idempotencyKey)
                .contains(id.toString());
        // another customer cannot see it at all, client secret included
        assertThat(api.get("/api/orders/" + id)
                        .token(customer("someone-else"))
                        .send()
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aPaidOrderCommitsItsStockAndIsFollowedToDeliveredAcrossABrokenStream() {
        UUID id = UUID.fromString(place(partner(), order("paid-" + System.nanoTime(), "ACC-001", 1)));
        var payment = awaitIntent(id);

        psp.succeed(payment.intentId());

        awaitStatus(id, OrderStatus.FULFILLING);
        Order fulfilling = orders.find(id).orElseThrow();
        assertThat(dependencies.committed).contains(fulfilling.fulfilment().reservationId());
        assertThat(fulfilling.payment().status()).isEqualTo("succeeded");
        String shipmentId = dependencies.shipmentOf(id);
        assertThat(fulfilling.shipment().shipmentId()).isEqualTo(shipmentId);
        await().atMost(WAIT).until(() -> dependencies.trackRequests.stream()
                .anyMatch(r -> r.getShipmentId().equals(shipmentId)));

        dependencies.advance(shipmentId, ShipmentStatus.PICKED_UP);
        awaitStatus(id, OrderStatus.SHIPPED);

        dependencies.breakStreams(); // shipping restarts: orders resumes after what it saw
        dependencies.advance(shipmentId, ShipmentStatus.IN_TRANSIT);
        dependencies.advance(shipmentId, ShipmentStatus.DELIVERED);
        awaitStatus(id, OrderStatus.DELIVERED);

        assertThat(dependencies.trackRequests)
                .filteredOn(r -> r.getShipmentId().equals(shipmentId))
                .extracting(r -> r.getAfterSequence())
                .startsWith(0L)
                .contains(2L); // resumed after LABEL_CREATED (1) and PICKED_UP (2)
        var read = api.get("/api/orders/" + id).token(partner()).send();
        assertThat(read.json().get("shipment").get("shipment_id").asText()).isEqualTo(shipmentId);
        assertThat(read.json().get("payment").get("status").asText()).isEqualTo("succeeded");
        // placed, payment_updated, paid, shipment_created, shipped, delivered: one version each
        assertThat(orders.find(id).orElseThrow().version()).isEqualTo(6);
    }

    @Test
    void aDeclinedPaymentCancelsTheIntentReleasesTheStockAndEndsPaymentFailed() {
        UUID id = UUID.fromString(place(partner(), order("declined-" + System.nanoTime(), "ACC-001", 1)));
        var payment = awaitIntent(id);

        psp.decline(payment.intentId());

        awaitStatus(id, OrderStatus.PAYMENT_FAILED);
        Order failed = orders.find(id).orElseThrow();
        assertThat(psp.status(payment.intentId())).isEqualTo("canceled"); // can never be charged now
        assertThat(failed.payment().status()).isEqualTo("canceled");
        await().atMost(WAIT)
                .until(() -> dependencies.released.contains(failed.fulfilment().reservationId()));
        assertThat(dependencies.committed).doesNotContain(failed.fulfilment().reservationId());
    }

    @Test
    void aSucceededEventDeliveredTwiceAndAStaleFailureAfterItEndPaidOnce() {
        UUID id = UUID.fromString(place(partner(), order("twice-" + System.nanoTime(), "ACC-001", 1)));
        var payment = awaitIntent(id);
        var declinedEarlier = psp.event(payment.intentId(), "payment_intent.payment_failed");

        psp.succeed(payment.intentId());
        var succeeded = psp.event(payment.intentId(), "payment_intent.succeeded");
        assertThat(psp.send(succeeded)).isEqualTo(204);
        assertThat(psp.send(succeeded)).isEqualTo(204);
        awaitStatus(id, OrderStatus.FULFILLING);
        assertThat(psp.send(declinedEarlier)).isEqualTo(204); // out of order: said before it succeeded

        await().atMost(WAIT).until(() -> inbox.due(1000).isEmpty());
        Order order = orders.find(id).orElseThrow();
        assertThat(order.status()).isIn(OrderStatus.FULFILLING, OrderStatus.SHIPPED, OrderStatus.DELIVERED);
        assertThat(order.version())
                .as("placed, payment_updated, paid, shipment_created")
                .isEqualTo(4);
        assertThat(psp.status(payment.intentId())).isEqualTo("succeeded");
        assertThat(dependencies.released).doesNotContain(order.fulfilment().reservationId());
    }

    @Test
    void aSucceededEventThatArrivesBeforeItsOrderIsVisibleWaitsForIt() {
        // The provider is faster than the order's commit: its intent exists and is paid, its
        // webhook arrives, and only then does the order become visible.
        UUID id = UUID.randomUUID();
        String intentId = psp.createIntent(id, 2390);
        psp.succeed(intentId);
        String eventId = inboxEventOf(intentId, "payment_intent.succeeded");
        await().atMost(WAIT)
                .until(() -> outcome(eventId) != null && outcome(eventId).startsWith("waiting for order"));
        assertThat(orders.find(id)).isEmpty();

        Order order = Order.place(
                id,
                "early-bird",
                List.of(new OrderLine("ACC-001", "Canvas Tote Bag", 1, new Money(1900, "EUR"))),
                new Address("Ada", "1 Main St", null, "Lyon", "69001", "FR"),
                new Order.Fulfilment(id.toString(), new Money(490, "EUR"), 2, null),
                Instant.now());
        tx.executeWithoutResult(status -> orders.insert(order));

        awaitStatus(id, OrderStatus.FULFILLING);
        assertThat(orders.find(id).orElseThrow().payment().intentId()).isEqualTo(intentId);
        assertThat(psp.intentsFor(id)).isEqualTo(1);
        assertThat(dependencies.committed).contains(id.toString());
        await().atMost(WAIT).until(() -> !outcome(eventId).startsWith("waiting"));
    }

    @Test
    void lostWebhooksAreFoundByReconciliationAndEveryOrderEndsRight() {
        psp.dropWebhooks(0.01);
        List<UUID> paid = new ArrayList<>();
        List<UUID> declined = new ArrayList<>();
        String customer = "reconcile-" + System.nanoTime();
        for (int i = 0; i < 150; i++) {
            UUID id = UUID.fromString(place(partner(), order(customer, "ACC-001", 1)));
            (i % 5 == 0 ? declined : paid).add(id);
        }
        for (UUID id : paid) {
            psp.succeed(awaitIntent(id).intentId());
        }
        for (UUID id : declined) {
            psp.decline(awaitIntent(id).intentId());
        }
        assertThat(psp.dropped.get()).as("webhooks the provider lost").isPositive();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (UUID id : paid) {
                assertThat(orders.find(id).orElseThrow().status())
                        .isIn(OrderStatus.PAID, OrderStatus.FULFILLING, OrderStatus.SHIPPED, OrderStatus.DELIVERED);
            }
            for (UUID id : declined) {
                assertThat(orders.find(id).orElseThrow().status()).isEqualTo(OrderStatus.PAYMENT_FAILED);
            }
        });
        assertThat(reconciliation.cursor())
                .as("reconciliation read the event list")
                .isNotNull();
    }

    @Test
    void reconciliationResumesFromItsStoredCursor() {
        UUID id = UUID.fromString(place(partner(), order("cursor-" + System.nanoTime(), "ACC-001", 1)));
        awaitIntent(id);
        reconciliation.run();
        String cursor = reconciliation.cursor();
        assertThat(cursor).isEqualTo(psp.lastEventId());
        psp.requests.clear();

        assertThat(reconciliation.run()).as("nothing new since").isZero();

        assertThat(psp.requests)
                .filteredOn(r -> r.path().equals("/v1/events"))
                .first()
                .satisfies(r -> assertThat(r.query()).contains("starting_after=" + cursor));
        assertThat(jdbc.sql("SELECT last_event_id FROM psp_reconciliation")
                        .query(String.class)
                        .single())
                .as("kept in the database, so a restart resumes from it")
                .isEqualTo(cursor);
    }

    @Test
    void aProviderThatIsDownSlowOrRateLimitingGetsRetriedAndNeverMakesASecondIntent() {
        psp.failNext(3, 503, null);
        UUID down = UUID.fromString(place(partner(), order("down-" + System.nanoTime(), "ACC-001", 1)));
        awaitIntent(down);
        assertThat(psp.createRequestsFor(down)).isGreaterThanOrEqualTo(2);
        assertThat(psp.intentsFor(down)).isEqualTo(1);

        psp.failNext(1, 429, 1);
        UUID limited = UUID.fromString(place(partner(), order("limited-" + System.nanoTime(), "ACC-001", 1)));
        awaitIntent(limited);
        var attempts = psp.requests.stream()
                .filter(r -> limited.toString().equals(r.idempotencyKey()))
                .toList();
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
                .as("the wait Retry-After asked for")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(psp.intentsFor(limited)).isEqualTo(1);

        psp.delay(Duration.ofMillis(1500)); // beyond the read timeout: every attempt times out
        UUID slow = UUID.fromString(place(partner(), order("slow-" + System.nanoTime(), "ACC-001", 1)));
        await().atMost(WAIT).until(() -> psp.createRequestsFor(slow) >= 2);
        assertThat(orders.find(slow).orElseThrow().payment()).isNull();
        psp.delay(Duration.ZERO); // recovered
        var payment = awaitIntent(slow);
        assertThat(psp.intentsFor(slow))
                .as("timed-out attempts reached the provider, and made no second intent")
                .isEqualTo(1);

        psp.succeed(payment.intentId());
        awaitStatus(slow, OrderStatus.FULFILLING);
    }

    @Test
    void anOrderUnpaidTooLongIsCancelledAtTheProviderFirstThenHere() {
        UUID id = UUID.fromString(place(partner(), order("late-" + System.nanoTime(), "ACC-001", 1)));
        var payment = awaitIntent(id);

        flow.expire(id);

        Order expired = orders.find(id).orElseThrow();
        assertThat(expired.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(psp.status(payment.intentId())).isEqualTo("canceled");
        await().atMost(WAIT)
                .until(() -> dependencies.released.contains(expired.fulfilment().reservationId()));
    }

    @Test
    void anOrderPaidAsItExpiresIsPaidNotCancelled() {
        UUID id = UUID.fromString(place(partner(), order("photo-finish-" + System.nanoTime(), "ACC-001", 1)));
        var payment = awaitIntent(id);
        psp.dropWebhooks(1.0); // the customer paid; we have not heard yet
        psp.succeed(payment.intentId());

        flow.expire(id);

        assertThat(orders.find(id).orElseThrow().status()).isIn(OrderStatus.PAID, OrderStatus.FULFILLING);
        assertThat(psp.status(payment.intentId())).isEqualTo("succeeded");
    }

    @Test
    void cancellingAPaidOrderLeavesARefundDueAndAFulfillingOneCannotBeCancelled() {
        UUID id = UUID.fromString(place(partner(), order("cancel-paid-" + System.nanoTime(), "ACC-001", 1)));
        dependencies.shipmentsHeld.add(id.toString()); // the paid order, before its shipment exists
        psp.succeed(awaitIntent(id).intentId());
        awaitStatus(id, OrderStatus.PAID);

        var cancelled = api.post("/api/orders/" + id + "/cancel", Map.of())
                .token(partner())
                .send();

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("refund_due").asBoolean()).isTrue();
        assertThat(dependencies.released).as("its stock was sold").doesNotContain(id.toString());

        UUID shipped = UUID.fromString(place(partner(), order("cancel-shipped-" + System.nanoTime(), "ACC-001", 1)));
        psp.succeed(awaitIntent(shipped).intentId());
        awaitStatus(shipped, OrderStatus.FULFILLING);
        int version = orders.find(shipped).orElseThrow().version();
        var refused = api.post("/api/orders/" + shipped + "/cancel", Map.of())
                .token(partner())
                .send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/order-state-conflict");
        Order after = orders.find(shipped).orElseThrow();
        assertThat(after.status()).as("the refusal changed nothing").isNotEqualTo(OrderStatus.CANCELLED);
        assertThat(after.refundDue()).isFalse();
        assertThat(psp.status(after.payment().intentId())).isEqualTo("succeeded");
        assertThat(after.version())
                .as("only the shipment's own steps (shipped, delivered) may have moved it")
                .isBetween(version, version + 2);
    }

    @Test
    void cancellingAnUnpaidOrderCancelsItsIntentAndAPaymentThatJustSucceededWins() {
        UUID unpaid = UUID.fromString(place(partner(), order("cancel-unpaid-" + System.nanoTime(), "ACC-001", 1)));
        var intent = awaitIntent(unpaid);
        var cancelled = api.post("/api/orders/" + unpaid + "/cancel", Map.of())
                .token(partner())
                .send();
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("payment").get("status").asText()).isEqualTo("canceled");
        assertThat(psp.status(intent.intentId())).isEqualTo("canceled");

        UUID racing = UUID.fromString(place(partner(), order("cancel-racing-" + System.nanoTime(), "ACC-001", 1)));
        var paid = awaitIntent(racing);
        psp.dropWebhooks(1.0);
        psp.succeed(paid.intentId());
        var refused = api.post("/api/orders/" + racing + "/cancel", Map.of())
                .token(partner())
                .send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("PAID");
        assertThat(orders.find(racing).orElseThrow().status()).isNotEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aProviderThatCannotBeReachedToCancelMakesTheCancelA503AndChangesNothing() {
        UUID id = UUID.fromString(place(partner(), order("cancel-down-" + System.nanoTime(), "ACC-001", 1)));
        awaitIntent(id);
        int version = orders.find(id).orElseThrow().version();
        psp.failNext(100, 503, null);

        var refused = api.post("/api/orders/" + id + "/cancel", Map.of())
                .token(partner())
                .send();

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(orders.find(id).orElseThrow().version()).isEqualTo(version);
        psp.reset();
    }

    private Order.Payment awaitIntent(UUID id) {
        await().atMost(WAIT).until(() -> orders.find(id).orElseThrow().payment() != null);
        return orders.find(id).orElseThrow().payment();
    }

    private void awaitStatus(UUID id, OrderStatus status) {
        await().atMost(WAIT).until(() -> orders.find(id).orElseThrow().status() == status);
    }

    private String inboxEventOf(String intentId, String type) {
        return jdbc.sql("SELECT event_id FROM payment_inbox WHERE type = ? AND payload LIKE ?")
                .params(type, "%" + intentId + "%")
                .query(String.class)
                .single();
    }

    private String outcome(String eventId) {
        return jdbc.sql("SELECT outcome FROM payment_inbox WHERE event_id = ?")
                .param(eventId)
                .query(String.class)
                .optional()
                .orElse(null);
    }
}
