package dev.orderflow.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.orders.idempotency.IdempotencyKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class PlaceOrderTest extends ApiTestSupport {

    @Autowired
    IdempotencyKeys idempotencyKeys;

    @Test
    void placesAnOrderPricedByTheServerIgnoringClientPricesAndStatus() {
        var body = new LinkedHashMap<>(order("alice", "ACC-001", 2));
        body.put("total", Map.of("amount_minor", 1, "currency", "EUR"));
        body.put("status", "DELIVERED");
        body.put("items", List.of(Map.of("sku", "ACC-001", "quantity", 2, "unit_price", 1)));
        long price = jdbc.sql("SELECT price_minor FROM products WHERE sku = 'ACC-001'")
                .query(Long.class)
                .single();

        var response = api.post("/api/orders", body)
                .token(partner())
                .header("Idempotency-Key", "k-1")
                .send();

        assertThat(response.status()).isEqualTo(201);
        var order = response.json();
        assertThat(response.header("Location"))
                .isEqualTo("/api/orders/" + order.get("id").asText());
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
        assertThat(order.get("status").asText()).isEqualTo("AWAITING_PAYMENT");
        assertThat(order.get("customer_id").asText()).isEqualTo("alice");
        assertThat(order.at("/items/0/unit_price/amount_minor").asLong()).isEqualTo(price);
        assertThat(order.at("/subtotal/amount_minor").asLong()).isEqualTo(2 * price);
        assertThat(order.at("/shipping/price/amount_minor").asLong()).isEqualTo(490);
        assertThat(order.at("/total/amount_minor").asLong()).isEqualTo(2 * price + 490);
        assertThat(dependencies.held).containsKey(order.get("id").asText());
    }

    @Test
    void returnsSameOrderForRepeatedIdempotencyKey() {
        String first = "{\"customer_id\":\"alice\",\"items\":[{\"sku\":\"BAG-002\",\"quantity\":1}],"
                + "\"shipping_address\":{\"name\":\"A\",\"line1\":\"1 Rue\",\"city\":\"Lyon\",\"postal_code\":\"69001\",\"country\":\"FR\"}}";
        String sameReordered = "{ \"items\": [ {\"quantity\": 1, \"sku\": \"BAG-002\"} ], \"customer_id\": \"alice\","
                + " \"shipping_address\": {\"country\":\"FR\",\"postal_code\":\"69001\",\"city\":\"Lyon\",\"line1\":\"1 Rue\",\"name\":\"A\"} }";

        var created = api.post("/api/orders", first)
                .token(partner())
                .header("Idempotency-Key", "same")
                .send();
        long rowsAfterFirst = rows();
        var replayed = api.post("/api/orders", sameReordered)
                .token(partner())
                .header("Idempotency-Key", "same")
                .send();

        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.body()).isEqualTo(created.body());
        assertThat(replayed.header("Location")).isEqualTo(created.header("Location"));
        assertThat(replayed.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(rows()).isEqualTo(rowsAfterFirst);
    }

    @Test
    void rejectsTheSameKeyWithADifferentBody() {
        api.post("/api/orders", order("alice", "ACC-001", 1))
                .token(partner())
                .header("Idempotency-Key", "diff")
                .send();
        long before = rows();

        var response = api.post("/api/orders", order("alice", "ACC-001", 3))
                .token(partner())
                .header("Idempotency-Key", "diff")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("type").asText()).endsWith("/idempotency-key-reused");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void answersConflictWhileTheFirstRequestIsInFlight() {
        // The first request has claimed the key and not finished.
        String scope = "partner-acme";
        String body =
                "{\"customer_id\":\"alice\",\"items\":[{\"sku\":\"ACC-001\",\"quantity\":1}],\"shipping_address\":"
                        + "{\"name\":\"Alice Example\",\"line1\":\"1 Market Street\",\"city\":\"Lyon\",\"postal_code\":\"69001\",\"country\":\"FR\"}}";
        var firstAttempt = api.post("/api/orders", body)
                .token(partner())
                .header("Idempotency-Key", "probe")
                .send();
        String fingerprint = jdbc.sql("SELECT fingerprint FROM idempotency_records WHERE idempotency_key = 'probe'")
                .query(String.class)
                .single();
        assertThat(firstAttempt.status()).isEqualTo(201);
        assertThat(idempotencyKeys.claim(scope, "in-flight", fingerprint))
                .isInstanceOf(IdempotencyKeys.Claim.Granted.class);
        long before = rows();

        var response = api.post("/api/orders", body)
                .token(partner())
                .header("Idempotency-Key", "in-flight")
                .send();

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asText()).endsWith("/idempotency-request-in-flight");
        assertThat(response.header("Retry-After")).isEqualTo("1");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void scopesIdempotencyKeysPerClient() {
        var acme = api.post("/api/orders", order("alice", "ACC-001", 1))
                .token(partner())
                .header("Idempotency-Key", "shared")
                .send();
        var cli = api.post("/api/orders", order("alice", "ACC-001", 1))
                .token(tokens.partner("orderflow-cli", "orders:read", "orders:write"))
                .header("Idempotency-Key", "shared")
                .send();

        assertThat(cli.status()).isEqualTo(201);
        assertThat(cli.header("Idempotency-Replayed")).isNull();
        assertThat(cli.json().get("id")).isNotEqualTo(acme.json().get("id"));
    }

    @Test
    void requiresAnIdempotencyKey() {
        long before = rows();

        var response = api.post("/api/orders", order("alice", "ACC-001", 1))
                .token(partner())
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asText()).endsWith("/idempotency-key-missing");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void freesTheKeyOfARequestThatFailedSoACorrectedRetrySucceeds() {
        var unknown = api.post("/api/orders", order("alice", "NOP-999", 1))
                .token(partner())
                .header("Idempotency-Key", "fix")
                .send();
        var corrected = api.post("/api/orders", order("alice", "ACC-001", 1))
                .token(partner())
                .header("Idempotency-Key", "fix")
                .send();

        assertThat(unknown.status()).isEqualTo(422);
        assertThat(corrected.status()).isEqualTo(201);
    }

    @Test
    void customersOrderForThemselvesAndPartnersMustNameTheCustomer() {
        var own = api.post("/api/orders", order(null, "ACC-001", 1))
                .token(customer("alice"))
                .header("Idempotency-Key", "c1")
                .send();
        long before = rows();
        var forBob = api.post("/api/orders", order("bob", "ACC-001", 1))
                .token(customer("alice"))
                .header("Idempotency-Key", "c2")
                .send();
        var nobody = api.post("/api/orders", order(null, "ACC-001", 1))
                .token(partner())
                .header("Idempotency-Key", "c3")
                .send();

        assertThat(own.status()).isEqualTo(201);
        assertThat(own.json().get("customer_id").asText()).isEqualTo("alice");
        assertThat(forBob.status()).isEqualTo(403);
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.json().at("/errors/0/field").asText()).isEqualTo("customer_id");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void listsEveryInvalidFieldAndChangesNothing() {
        var lines = new ArrayList<Map<String, Object>>();
        lines.add(Map.of("sku", "ACC-001", "quantity", 0));
        lines.add(Map.of("sku", "bad sku", "quantity", 1_000_000));
        var body = Map.of(
                "items",
                lines,
                "shipping_address",
                Map.of("name", "", "line1", "x", "city", "Lyon", "postal_code", "1", "country", "France"));
        long before = rows();

        var response = api.post("/api/orders", body)
                .token(customer("alice"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asText()).endsWith("/validation-failed");
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "items[0].quantity",
                        "items[1].sku",
                        "items[1].quantity",
                        "shipping_address.name",
                        "shipping_address.country");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void rejectsTooManyLinesDuplicateSkusAndUnknownProducts() {
        var many = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 51; i++) {
            many.add(Map.of("sku", "ACC-001", "quantity", 1));
        }
        var duplicate = List.of(Map.of("sku", "ACC-001", "quantity", 1), Map.of("sku", "ACC-001", "quantity", 2));
        long before = rows();

        var tooMany = api.post("/api/orders", Map.of("items", many, "shipping_address", address()))
                .token(customer("alice"))
                .header("Idempotency-Key", "m")
                .send();
        var duplicated = api.post("/api/orders", Map.of("items", duplicate, "shipping_address", address()))
                .token(customer("alice"))
                .header("Idempotency-Key", "d")
                .send();
        var unknown = api.post("/api/orders", order(null, "ZZZ-404", 1))
                .token(customer("alice"))
                .header("Idempotency-Key", "u")
                .send();

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().at("/errors/0/field").asText()).isEqualTo("items");
        assertThat(duplicated.status()).isEqualTo(400);
        assertThat(duplicated.json().at("/errors/0/field").asText()).isEqualTo("items[1].sku");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("type").asText()).endsWith("/unknown-product");
        assertThat(unknown.json().at("/errors/0/message").asText()).contains("ZZZ-404");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void answersMalformedRequestsWithProblemsAndChangesNothing() {
        long before = rows();
        String token = customer("alice");

        var malformed = api.post("/api/orders", "{\"items\": [")
                .token(token)
                .header("Idempotency-Key", "a")
                .send();
        var wrongType = api.post("/api/orders", "{\"items\":[{\"sku\":\"ACC-001\",\"quantity\":\"two\"}]}")
                .token(token)
                .header("Idempotency-Key", "b")
                .send();
        var fractional = api.post("/api/orders", "{\"items\":[{\"sku\":\"ACC-001\",\"quantity\":1.5}]}")
                .token(token)
                .header("Idempotency-Key", "b2")
                .send();
        var textPlain = api.post("/api/orders", "hello")
                .token(token)
                .header("Content-Type", "text/plain")
                .header("Idempotency-Key", "c")
                .send();
        var huge = api.post("/api/orders", "{\"pad\":\"" + "x".repeat(1_100_000) + "\"}")
                .token(token)
                .header("Idempotency-Key", "d")
                .send();

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("type").asText()).endsWith("/malformed-request");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().at("/errors/0/field").asText()).isEqualTo("items[0].quantity");
        assertThat(fractional.status()).isEqualTo(400);
        assertThat(textPlain.status()).isEqualTo(415);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void answersWrongMethodsAndUnknownRoutesWithProblems() {
        String token = partner();

        var wrongMethod = api.method("DELETE", "/api/orders", null)
                .token(token)
                .offContract()
                .send();
        var unknownRoute =
                api.get("/api/nothing-here").token(token).offContract().send();

        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("type").asText()).endsWith("/method-not-allowed");
        assertThat(unknownRoute.status()).isEqualTo(404);
        assertThat(unknownRoute.header("Content-Type")).startsWith("application/problem+json");
    }
}
