package dev.orderflow.orders.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.testing.AsyncApiContract;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TopicReader;
import dev.orderflow.testing.TopicReader.Received;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every change of an order reaches the topic as a CloudEvent the contract describes. */
class OrderEventsTest extends ApiTestSupport {

    private static final AsyncApiContract contract = AsyncApiContract.orderEvents();
    private TopicReader topic;

    @BeforeEach
    void readTopic() {
        topic = TopicReader.fromNow(TestKafka.bootstrapServers(), "orderflow.order-events");
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void placingAndCancellingPublishesCloudEventsInOrderKeyedByTheOrder() {
        String id = place(customer("alice"), order(null, "ACC-001", 2));
        topic.await(2, r -> id.equals(r.key()), Duration.ofSeconds(10)); // placed, then its payment intent
        var cancelled = api.post("/api/orders/" + id + "/cancel", Map.of())
                .token(customer("alice"))
                .send();
        assertThat(cancelled.status()).isEqualTo(200);

        List<Received> events = topic.await(3, r -> id.equals(r.key()), Duration.ofSeconds(10));

        assertThat(events).hasSize(3);
        Received placed = events.get(0);
        Received payment = events.get(1);
        Received cancel = events.get(2);
        assertThat(payment.headers()).containsEntry("ce_type", "dev.orderflow.order.payment_updated");
        contract.assertHeaders("OrderPaymentUpdated", payment.headers());
        contract.assertPayload("OrderPaymentUpdated", payment.value());
        assertThat(payment.value()).doesNotContain("client_secret", "_secret_");
        assertThat(placed.partition()).isEqualTo(cancel.partition());
        assertThat(placed.offset()).isLessThan(cancel.offset());

        assertThat(placed.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "dev.orderflow.order.placed")
                .containsEntry("ce_source", "/orderflow/orders")
                .containsEntry("ce_subject", id)
                .containsEntry("ce_ordersequence", "1")
                .containsEntry("content-type", "application/json");
        assertThat(cancel.headers())
                .containsEntry("ce_type", "dev.orderflow.order.cancelled")
                .containsEntry("ce_ordersequence", "3");
        assertThat(placed.headers().get("ce_id")).isNotEqualTo(cancel.headers().get("ce_id"));
        assertThat(placed.headers().keySet()) // the CloudEvent and the trace context (no converter type hints)
                .allMatch(name -> name.startsWith("ce_") || name.equals("content-type") || name.equals("traceparent"));

        contract.assertHeaders("OrderPlaced", placed.headers());
        contract.assertPayload("OrderPlaced", placed.value());
        contract.assertHeaders("OrderCancelled", cancel.headers());
        contract.assertPayload("OrderCancelled", cancel.value());
        assertThat(placed.value())
                .contains("\"customer_id\":\"alice\"", "\"new_status\":\"AWAITING_PAYMENT\"", "\"sku\":\"ACC-001\"");
        assertThat(cancel.value())
                .contains(
                        "\"old_status\":\"AWAITING_PAYMENT\"",
                        "\"new_status\":\"CANCELLED\"",
                        "\"sequence\":3",
                        "\"reason\":\"requested\"",
                        "\"refund_due\":false");
    }

    /**
     * The event carries the trace of the request that caused it, with the caller's sampling decision:
     * sampled ({@code 01}), or not ({@code 00}), when it is still in that trace, unsampled.
     */
    @ParameterizedTest
    @ValueSource(strings = {"01", "00"})
    void anEventCarriesTheTraceOfTheRequestThatCausedItToKafka(String flags) {
        String traceId = flags.equals("01") ? "4bf92f3577b34da6a3ce929d0e0e4736" : "5bf92f3577b34da6a3ce929d0e0e4737";
        var placed = api.post("/api/orders", order(null, "ACC-001", 1))
                .token(customer("alice"))
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-" + flags)
                .send();
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String id = placed.json().get("id").asText();

        Received event =
                topic.await(1, r -> id.equals(r.key()), Duration.ofSeconds(10)).getFirst();

        contract.assertHeaders("OrderPlaced", event.headers());
        assertThat(event.headers().get("traceparent"))
                .as("the caller's trace, a span of the producer's own, the caller's sampling decision")
                .startsWith("00-" + traceId + "-")
                .doesNotContain("00f067aa0ba902b7")
                .endsWith("-" + flags);
    }

    @Test
    void aPaidOrderPublishesEachStepToDeliveredAsTheContractSays() {
        String id = place(partner(), order("erin", "ACC-001", 1));
        var placedAndIntent = topic.await(2, r -> id.equals(r.key()), Duration.ofSeconds(10));
        String intentId = intentOf(placedAndIntent.get(1));

        psp.succeed(intentId);
        var shipmentCreated = topic.await(4, r -> id.equals(r.key()), Duration.ofSeconds(10));
        String shipmentId = dependencies.shipmentOf(java.util.UUID.fromString(id));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dependencies.trackRequests.stream()
                .anyMatch(r -> r.getShipmentId().equals(shipmentId)));
        dependencies.advance(shipmentId, dev.orderflow.contracts.shipping.v1.ShipmentStatus.PICKED_UP);
        dependencies.advance(shipmentId, dev.orderflow.contracts.shipping.v1.ShipmentStatus.DELIVERED);
        List<Received> events = topic.await(6, r -> id.equals(r.key()), Duration.ofSeconds(10));

        assertThat(shipmentCreated).hasSize(4);
        assertThat(events)
                .extracting(r -> r.headers().get("ce_type"))
                .containsExactly(
                        "dev.orderflow.order.placed",
                        "dev.orderflow.order.payment_updated",
                        "dev.orderflow.order.paid",
                        "dev.orderflow.order.shipment_created",
                        "dev.orderflow.order.shipped",
                        "dev.orderflow.order.delivered");
        assertThat(events)
                .extracting(r -> r.headers().get("ce_ordersequence"))
                .containsExactly("1", "2", "3", "4", "5", "6");
        List<String> messages = List.of(
                "OrderPlaced",
                "OrderPaymentUpdated",
                "OrderPaid",
                "OrderShipmentCreated",
                "OrderShipped",
                "OrderDelivered");
        for (int i = 0; i < events.size(); i++) {
            contract.assertHeaders(messages.get(i), events.get(i).headers());
            contract.assertPayload(messages.get(i), events.get(i).value());
        }
        assertThat(events.get(2).value()).contains("\"status\":\"succeeded\"");
        assertThat(events.get(5).value()).contains("\"shipment_id\":\"" + shipmentId + "\"");
    }

    @Test
    void aDeclinedPaymentPublishesPaymentFailedWithTheReason() {
        String id = place(partner(), order("frank", "ACC-001", 1));
        var placedAndIntent = topic.await(2, r -> id.equals(r.key()), Duration.ofSeconds(10));
        String intentId = intentOf(placedAndIntent.get(1));

        psp.decline(intentId);
        List<Received> events = topic.await(3, r -> id.equals(r.key()), Duration.ofSeconds(10));

        Received failed = events.get(2);
        assertThat(failed.headers()).containsEntry("ce_type", "dev.orderflow.order.payment_failed");
        contract.assertHeaders("OrderPaymentFailed", failed.headers());
        contract.assertPayload("OrderPaymentFailed", failed.value());
        assertThat(failed.value()).contains("card_declined", "\"status\":\"canceled\"");
    }

    @Test
    void aCancelledPaidOrderPublishesItsRefundRequestedThenRefundedAndAFailedRefundToo() {
        String id = place(partner(), order("grace", "ACC-001", 1));
        dependencies.shipmentsHeld.add(id); // it stays PAID until cancelled
        var placedAndIntent = topic.await(2, r -> id.equals(r.key()), Duration.ofSeconds(10));
        String intentId = intentOf(placedAndIntent.get(1));
        psp.succeed(intentId);
        topic.await(3, r -> id.equals(r.key()), Duration.ofSeconds(10));

        assertThat(api.post("/api/orders/" + id + "/cancel", Map.of())
                        .token(partner())
                        .send()
                        .status())
                .isEqualTo(200);
        List<Received> events = topic.await(6, r -> id.equals(r.key()), Duration.ofSeconds(15));

        assertThat(events)
                .extracting(r -> r.headers().get("ce_type"))
                .containsExactly(
                        "dev.orderflow.order.placed",
                        "dev.orderflow.order.payment_updated",
                        "dev.orderflow.order.paid",
                        "dev.orderflow.order.cancelled",
                        "dev.orderflow.order.refund_requested",
                        "dev.orderflow.order.refunded");
        contract.assertHeaders("OrderRefundRequested", events.get(4).headers());
        contract.assertPayload("OrderRefundRequested", events.get(4).value());
        contract.assertHeaders("OrderRefunded", events.get(5).headers());
        contract.assertPayload("OrderRefunded", events.get(5).value());
        assertThat(events.get(4).value())
                .contains("\"status\":\"REQUESTED\"", "\"reason\":\"cancelled\"", "\"refund_due\":true");
        assertThat(events.get(5).value())
                .contains("\"status\":\"REFUNDED\"", "\"refund_due\":false", "\"new_status\":\"CANCELLED\"");
        assertThat(events.get(5).headers()).containsEntry("ce_ordersequence", "6");

        String other = place(partner(), order("heidi", "ACC-001", 1));
        var otherIntent = topic.await(2, r -> other.equals(r.key()), Duration.ofSeconds(10));
        psp.succeed(intentOf(otherIntent.get(1)));
        assertThat(topic.await(3, r -> other.equals(r.key()), Duration.ofSeconds(10)))
                .extracting(r -> r.headers().get("ce_type"))
                .endsWith("dev.orderflow.order.paid");
        bank.refuseNextWith("AccountBlockedFault");
        assertThat(api.post("/api/orders/" + other + "/refunds", Map.of())
                        .token(tokens.partner("partner-acme", "orders:refund"))
                        .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                        .send()
                        .status())
                .isEqualTo(202);
        Received failed = topic.await(
                        1,
                        r -> other.equals(r.key()) && r.headers().get("ce_type").endsWith(".refund_failed"),
                        Duration.ofSeconds(15))
                .getFirst();
        contract.assertHeaders("OrderRefundFailed", failed.headers());
        contract.assertPayload("OrderRefundFailed", failed.value());
        assertThat(failed.value()).contains("\"status\":\"FAILED\"", "account_blocked: ");
    }

    @Test
    void anEventLeavesTheOutboxOnceKafkaHasIt() {
        String id = place(partner(), order("carol", "BAG-002", 1));

        topic.await(1, r -> id.equals(r.key()), Duration.ofSeconds(10));

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                        jdbc.sql("SELECT COUNT(*) FROM order_event_outbox WHERE event LIKE ?")
                                .param("%" + id + "%")
                                .query(Long.class)
                                .single())
                .isZero());
    }

    @Test
    void requestsThatChangeNothingPublishNothing() {
        String id = place(customer("dave"), order(null, "KIT-003", 1));
        topic.await(1, r -> id.equals(r.key()), Duration.ofSeconds(10));

        var foreign = api.post("/api/orders/" + id + "/cancel", Map.of())
                .token(customer("mallory"))
                .send();
        var stale = api.post("/api/orders/" + id + "/cancel", Map.of())
                .token(customer("dave"))
                .header("If-Match", "\"7\"")
                .send();
        var invalid = api.post("/api/orders", Map.of("items", List.of()))
                .token(customer("dave"))
                .header("Idempotency-Key", "k-" + id)
                .send();

        assertThat(List.of(foreign.status(), stale.status(), invalid.status())).containsExactly(404, 412, 400);
        assertThat(topic.during(Duration.ofSeconds(1), r -> true))
                .extracting(Received::key)
                .containsOnly(id);
    }

    /** The intent id a payment_updated event names. */
    private static String intentOf(Received paymentUpdated) {
        return paymentUpdated.value().replaceAll(".*\"intent_id\":\"(pi_[A-Za-z0-9]+)\".*", "$1");
    }
}
