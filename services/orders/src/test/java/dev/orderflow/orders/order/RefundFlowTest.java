package dev.orderflow.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.orders.ApiTestSupport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Refunds over REST in front and SOAP behind, against the {@code FakeBank} whose faults the tests
 * decide: requested once per Idempotency-Key, never more than was paid, and exactly one refund at
 * the bank whatever happens between orders and the bank (a late answer, a bank down for a while, a
 * process that died after sending).
 */
class RefundFlowTest extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    Orders orders;

    @Autowired
    Refunds refunds;

    @Test
    void aPartnerRefundsPartOfAPaidOrderAndTheBankSettlesItOnce() {
        UUID id = paidOrder("refund-part");
        Order paid = orders.find(id).orElseThrow();
        String key = UUID.randomUUID().toString();

        var accepted = refund(id, key, amount(1000, "One cable returned"));

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode refund = accepted.json();
        String refundId = refund.get("id").asText();
        assertThat(accepted.header("Location")).isEqualTo("/api/orders/" + id + "/refunds/" + refundId);
        assertThat(refund.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(refund.get("amount").get("amount_minor").asLong()).isEqualTo(1000);
        assertThat(refund.get("reason").asText()).isEqualTo("One cable returned");
        assertThat(refund.get("failure_reason").isNull()).isTrue();

        awaitRefund(id, refundId, "REFUNDED");
        JsonNode order = api.get("/api/orders/" + id).token(partner()).send().json();
        assertThat(order.get("refunded").get("amount_minor").asLong()).isEqualTo(1000);
        assertThat(order.get("refundable").get("amount_minor").asLong())
                .isEqualTo(paid.total().amountMinor() - 1000);
        assertThat(order.get("status").asText()).isNotEqualTo("CANCELLED");
        assertThat(bank.refundsOf(paid.payment().intentId())).containsExactly(refundId + "=1000 SETTLED");
        assertThat(bank.requestsFor(refundId, "RequestRefund")).isOne();

        var list = api.get("/api/orders/" + id + "/refunds").token(partner()).send();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items")).hasSize(1);
        assertThat(list.json().get("items").get(0).get("id").asText()).isEqualTo(refundId);
        // its customer sees it too, with orders:read alone
        var theirs = api.get("/api/orders/" + id + "/refunds/" + refundId)
                .token(customer(paid.customerId()))
                .send();
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.json().get("status").asText()).isEqualTo("REFUNDED");
    }

    @Test
    void theSameIdempotencyKeyReplaysTheRefundAndForAnotherOrderIsRefused() {
        UUID id = paidOrder("refund-key");
        UUID other = paidOrder("refund-key-other");
        String key = UUID.randomUUID().toString();

        var first = refund(id, key, amount(500, null));
        var again = refund(id, key, amount(500, null));
        var elsewhere = refund(other, key, amount(500, null));

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(again.json().get("id").asText())
                .isEqualTo(first.json().get("id").asText());
        assertThat(elsewhere.status()).isEqualTo(422);
        assertThat(elsewhere.json().get("type").asText()).endsWith("/idempotency-key-reused");
        assertThat(refunds.ofOrder(id)).hasSize(1);
        assertThat(refunds.ofOrder(other)).isEmpty();
    }

    @Test
    void refundsTogetherNeverExceedWhatWasPaid() {
        UUID id = paidOrder("refund-over");
        long total = orders.find(id).orElseThrow().total().amountMinor();
        assertThat(refund(id, UUID.randomUUID().toString(), amount(total - 100, null))
                        .status())
                .isEqualTo(202);
        int version = orders.find(id).orElseThrow().version();

        var tooMuch = refund(id, UUID.randomUUID().toString(), amount(101, null));

        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.json().get("type").asText()).endsWith("/refund-exceeds-refundable");
        assertThat(tooMuch.json().get("refundable").get("amount_minor").asLong())
                .isEqualTo(100);
        assertThat(orders.find(id).orElseThrow().version())
                .as("nothing changed")
                .isEqualTo(version);
        assertThat(refunds.ofOrder(id)).hasSize(1);

        var rest = refund(id, UUID.randomUUID().toString(), Map.of()); // no amount: what is left
        assertThat(rest.status()).isEqualTo(202);
        assertThat(rest.json().get("amount").get("amount_minor").asLong()).isEqualTo(100);
        var nothingLeft = refund(id, UUID.randomUUID().toString(), Map.of());
        assertThat(nothingLeft.status()).isEqualTo(409);
        assertThat(nothingLeft.json().get("detail").asText()).contains("Nothing is left");
    }

    @Test
    void badRefundRequestsAreRefusedAndChangeNothing() {
        UUID unpaid = UUID.fromString(place(partner(), order("refund-unpaid-" + System.nanoTime(), "ACC-001", 1)));
        UUID id = paidOrder("refund-bad");
        int version = orders.find(id).orElseThrow().version();
        long rows = rows();

        assertThat(refund(unpaid, UUID.randomUUID().toString(), Map.of())
                        .json()
                        .get("type")
                        .asText())
                .endsWith("/order-state-conflict");
        assertProblem(refund(id, UUID.randomUUID().toString(), amount(0, null)), 400, "validation-failed");
        assertProblem(
                refund(
                        id,
                        UUID.randomUUID().toString(),
                        Map.of("amount", Map.of("amount_minor", 5, "currency", "eur"))),
                400,
                "validation-failed");
        assertProblem(
                refund(
                        id,
                        UUID.randomUUID().toString(),
                        Map.of("amount", Map.of("amount_minor", "5", "currency", "EUR"))),
                400,
                "validation-failed");
        assertProblem(refund(id, UUID.randomUUID().toString(), Map.of("reason", "")), 400, "validation-failed");
        assertProblem(
                refund(id, UUID.randomUUID().toString(), Map.of("reason", "x".repeat(501))), 400, "validation-failed");
        assertProblem(
                refund(
                        id,
                        UUID.randomUUID().toString(),
                        Map.of("amount", Map.of("amount_minor", 5, "currency", "USD"))),
                422,
                "mixed-currencies");
        assertProblem(refund(id, null, Map.of()), 400, "idempotency-key-missing");
        assertProblem(refund(UUID.randomUUID(), UUID.randomUUID().toString(), Map.of()), 404, "not-found");
        assertProblem(
                api.get("/api/orders/" + id + "/refunds/" + UUID.randomUUID())
                        .token(partner())
                        .send(),
                404,
                "not-found");

        assertThat(orders.find(id).orElseThrow().version()).isEqualTo(version);
        assertThat(refunds.ofOrder(id)).isEmpty();
        assertThat(refunds.ofOrder(unpaid)).isEmpty();
        assertThat(rows()).isEqualTo(rows);
    }

    @Test
    void onlyAPartnerWithTheRefundScopeMayRefund() {
        UUID id = paidOrder("refund-who");
        String customer = orders.find(id).orElseThrow().customerId();

        assertProblem(
                refundAs(tokens.partner("partner-acme", "orders:read", "orders:write"), id, Map.of()),
                403,
                "forbidden");
        assertProblem(refundAs(customer(customer), id, Map.of()), 403, "forbidden");
        // even a customer token that somehow holds the scope
        assertProblem(
                refundAs(tokens.customer(customer, "orders:read", "orders:refund"), id, Map.of()), 403, "forbidden");

        assertThat(refunds.ofOrder(id)).isEmpty();
        assertThat(orders.find(id).orElseThrow().refundable())
                .isEqualTo(orders.find(id).orElseThrow().total());
    }

    @Test
    void aBankThatAppliesTheRefundButAnswersTooLateIsAskedForTheSameRefundAgain() {
        UUID id = paidOrder("refund-late");
        String intent = orders.find(id).orElseThrow().payment().intentId();
        bank.hangAfterApplying(1, Duration.ofSeconds(3)); // orders gives up after 1 s

        String refundId = refund(id, UUID.randomUUID().toString(), amount(700, "late"))
                .json()
                .get("id")
                .asText();

        awaitRefund(id, refundId, "REFUNDED");
        assertThat(bank.requestsFor(refundId, "RequestRefund")).isGreaterThanOrEqualTo(2);
        assertThat(bank.refundsOf(intent)).containsExactly(refundId + "=700 SETTLED");
        assertThat(orders.find(id).orElseThrow().refunded().amountMinor()).isEqualTo(700);
    }

    @Test
    void aBankDownForAWhileIsAskedAgainWithBackoffAndRefundsOnce() {
        UUID id = paidOrder("refund-down");
        String intent = orders.find(id).orElseThrow().payment().intentId();
        bank.down();
        try {
            String refundId = refund(id, UUID.randomUUID().toString(), amount(300, null))
                    .json()
                    .get("id")
                    .asText();

            await().atMost(WAIT).until(() -> attempts(refundId) >= 3);
            assertThat(lastError(refundId)).contains("No answer from the bank");
            assertThat(refunds.find(UUID.fromString(refundId)).orElseThrow().status())
                    .isEqualTo(Refund.Status.REQUESTED);
            bank.up();

            awaitRefund(id, refundId, "REFUNDED");
            assertThat(bank.refundsOf(intent)).containsExactly(refundId + "=300 SETTLED");
        } finally {
            bank.up();
        }
    }

    @Test
    void aServerFaultIsRetriedButABusinessFaultFailsTheRefundAtOnce() {
        UUID id = paidOrder("refund-faults");
        Order paid = orders.find(id).orElseThrow();
        bank.serverFaults(2);

        String retried = refund(id, UUID.randomUUID().toString(), amount(200, null))
                .json()
                .get("id")
                .asText();
        awaitRefund(id, retried, "REFUNDED");
        assertThat(bank.requestsFor(retried, "RequestRefund")).isEqualTo(3);

        bank.refuseNextWith("AccountBlockedFault");
        String refused = refund(id, UUID.randomUUID().toString(), amount(300, null))
                .json()
                .get("id")
                .asText();
        JsonNode failed = awaitRefund(id, refused, "FAILED");

        assertThat(failed.get("failure_reason").asText()).startsWith("account_blocked: ");
        assertThat(bank.requestsFor(refused, "RequestRefund"))
                .as("never retried")
                .isOne();
        assertThat(orders.find(id).orElseThrow().refundable())
                .as("its amount is refundable again")
                .isEqualTo(paid.total().minus(new dev.orderflow.orders.Money(200, "EUR")));
    }

    @Test
    void aRefundTheBankRejectsAtSettlementFails() {
        UUID id = paidOrder("refund-rejected");
        bank.rejectAtSettlement(true);

        String refundId = refund(id, UUID.randomUUID().toString(), Map.of())
                .json()
                .get("id")
                .asText();

        JsonNode failed = awaitRefund(id, refundId, "FAILED");
        assertThat(failed.get("failure_reason").asText()).contains("BENEFICIARY_ACCOUNT_CLOSED");
        Order order = orders.find(id).orElseThrow();
        assertThat(order.refunded().amountMinor()).isZero();
        assertThat(order.refundable()).isEqualTo(order.total());
    }

    @Test
    void cancellingAPaidOrderRefundsEverythingPaidByItself() {
        UUID id = UUID.fromString(place(partner(), order("refund-cancel-" + System.nanoTime(), "ACC-001", 1)));
        dependencies.shipmentsHeld.add(id.toString()); // it stays PAID, so it can be cancelled
        var intent = awaitIntent(id);
        psp.succeed(intent.intentId());
        await().atMost(WAIT).until(() -> orders.find(id).orElseThrow().status() == OrderStatus.PAID);

        var cancelled = api.post("/api/orders/" + id + "/cancel", Map.of())
                .token(partner())
                .send();

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("refund_due").asBoolean()).isTrue();
        assertThat(cancelled.json().get("refundable").get("amount_minor").asLong())
                .isZero();

        await().atMost(WAIT)
                .until(() -> orders.find(id).orElseThrow().refunded().amountMinor() > 0);
        Order refunded = orders.find(id).orElseThrow();
        assertThat(refunded.refunded()).isEqualTo(refunded.total());
        assertThat(refunded.refundDue()).isFalse();
        assertThat(refunds.ofOrder(id))
                .singleElement()
                .extracting(Refund::reason, Refund::status)
                .containsExactly("cancelled", Refund.Status.REFUNDED);
        assertThat(bank.refundsOf(intent.intentId())).hasSize(1);
    }

    @Test
    void aRefundSentByAProcessThatDiedBeforeRecordingItIsSentAgainAndAppliedOnce() {
        UUID id = paidOrder("refund-crash");
        String intent = orders.find(id).orElseThrow().payment().intentId();
        bank.down(); // so that only the "dead process" below reaches the bank first
        try {
            String refundId = refund(id, UUID.randomUUID().toString(), amount(400, "crash"))
                    .json()
                    .get("id")
                    .asText();
            await().atMost(WAIT).until(() -> attempts(refundId) >= 1);
            // What a process that sent the refund and died before recording the answer leaves: the
            // bank has it, and orders' row says nothing came back (no bank status, due again).
            bank.applyAsIfSent(refundId, intent, 400, "EUR", "crash");
            assertThat(jdbc.sql("SELECT bank_status FROM refunds WHERE id = ?")
                            .param(UUID.fromString(refundId))
                            .query(String.class)
                            .optional())
                    .isEmpty();
            bank.up();

            awaitRefund(id, refundId, "REFUNDED");
            assertThat(bank.refundsOf(intent)).containsExactly(refundId + "=400 SETTLED");
        } finally {
            bank.up();
        }
    }

    private UUID paidOrder(String customerPrefix) {
        UUID id = UUID.fromString(place(partner(), order(customerPrefix + "-" + System.nanoTime(), "ACC-001", 1)));
        psp.succeed(awaitIntent(id).intentId());
        await().atMost(WAIT)
                .until(() -> orders.find(id).orElseThrow().refundable().amountMinor() > 0);
        return id;
    }

    private Order.Payment awaitIntent(UUID id) {
        await().atMost(WAIT).until(() -> orders.find(id).orElseThrow().payment() != null);
        return orders.find(id).orElseThrow().payment();
    }

    private static Map<String, Object> amount(long minor, String reason) {
        var body = new LinkedHashMap<String, Object>();
        body.put("amount", Map.of("amount_minor", minor, "currency", "EUR"));
        if (reason != null) {
            body.put("reason", reason);
        }
        return body;
    }

    private static String refunder() {
        return tokens.partner("partner-acme", "orders:read", "orders:write", "orders:refund");
    }

    private dev.orderflow.testing.ApiClient.Response refund(UUID id, String key, Map<String, Object> body) {
        var request = api.post("/api/orders/" + id + "/refunds", body).token(refunder());
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.send();
    }

    private dev.orderflow.testing.ApiClient.Response refundAs(String token, UUID id, Map<String, Object> body) {
        return api.post("/api/orders/" + id + "/refunds", body)
                .token(token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
    }

    private static void assertProblem(dev.orderflow.testing.ApiClient.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("type").asText()).endsWith("/" + type);
    }

    private JsonNode awaitRefund(UUID id, String refundId, String status) {
        await().atMost(WAIT).until(() -> api.get("/api/orders/" + id + "/refunds/" + refundId)
                .token(partner())
                .send()
                .json()
                .get("status")
                .asText()
                .equals(status));
        return api.get("/api/orders/" + id + "/refunds/" + refundId)
                .token(partner())
                .send()
                .json();
    }

    private int attempts(String refundId) {
        return jdbc.sql("SELECT attempts FROM refunds WHERE id = ?")
                .param(UUID.fromString(refundId))
                .query(Integer.class)
                .single();
    }

    private String lastError(String refundId) {
        return jdbc.sql("SELECT last_error FROM refunds WHERE id = ?")
                .param(UUID.fromString(refundId))
                .query(String.class)
                .single();
    }
}
