package dev.orderflow.orders.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.orders.ApiTestSupport;
import dev.orderflow.testing.ApiClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a careful client and an attacker found by calling the API directly: every error is
 * problem+json with a correlation id and the request's own path, input is exactly as strict as the
 * contract, a strong ETag names one byte sequence, and a valid header is accepted.
 */
class HardenedHttpTest extends ApiTestSupport {

    private static final String KIB_16 = "a".repeat(16 * 1024);

    @Test
    void answersOversizedHeadersWith431ProblemsAndChangesNothing() {
        long before = rows();

        var hugeToken = api.get("/api/orders").token(KIB_16).offContract().send();
        var hugeKey = api.post("/api/orders", order("c-431", "ACC-001", 1))
                .token(partner())
                .header("Idempotency-Key", "k".repeat(10 * 1024))
                .offContract()
                .send();

        for (var response : List.of(hugeToken, hugeKey)) {
            assertThat(response.status()).isEqualTo(431);
            assertProblem(response, "request-header-too-large");
            assertThat(response.header("Connection"))
                    .as("the connection goes away")
                    .isEqualTo("close");
        }
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void answersAPathWithAnEncodedSlashWithAProblem() {
        var response = api.get("/api/orders/%2f..%2factuator%2fenv")
                .token(partner())
                .offContract()
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, "malformed-request");
    }

    @Test
    void errorsRenderedOutsideSpringMvcNameTheRequestAndItsCorrelationId() {
        var firewall = api.get("/api/orders;jsessionid=x")
                .token(partner())
                .offContract()
                .send();
        var trace = api.method("TRACE", "/api/orders", null)
                .header("X-Correlation-Id", "trace-me-1")
                .offContract()
                .send();

        assertThat(firewall.status()).isEqualTo(400);
        assertProblem(firewall, "malformed-request");
        assertThat(firewall.json().get("instance").asText()).isEqualTo("/api/orders;jsessionid=x");

        assertThat(trace.status()).isEqualTo(405);
        assertProblem(trace, "method-not-allowed");
        assertThat(trace.json().get("instance").asText()).isEqualTo("/api/orders");
        assertThat(trace.json().get("correlation_id").asText()).isEqualTo("trace-me-1");
        // RFC 9110 §15.5.6: what /api/orders supports, not what the servlet does (no PUT, no DELETE).
        assertThat(trace.header("Allow")).isEqualTo("GET, HEAD, POST, OPTIONS");
    }

    @Test
    void refusesAStringWhereTheContractSaysIntegerAndChangesNothing() {
        long before = rows();
        var body = order("c-strict", "ACC-001", 1);
        body.put("items", List.of(Map.of("sku", "ACC-001", "quantity", "2")));

        var response = place(body);

        assertValidationFailed(response, "items[0].quantity");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void refusesDuplicateMemberNamesAndChangesNothing() {
        long before = rows();
        String body =
                """
                {"customer_id": "c-dup", "items": [{"sku": "ACC-001", "quantity": 1, "quantity": 900}],
                 "shipping_address": {"name": "A", "line1": "1 Street", "city": "Lyon", "postal_code": "69001",
                 "country": "FR"}}""";

        var response = place(body);

        assertValidationFailed(response, "items[0].quantity");
        assertThat(response.json().get("errors").get(0).get("message").asText()).isEqualTo("appears more than once");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void refusesANulCharacterAndChangesNothing() {
        long before = rows();
        var body = order("c-nul", "ACC-001", 1);
        var address = new LinkedHashMap<>(address());
        address.put("line1", "1 Market\u0000Street");
        body.put("shipping_address", address);

        var response = place(body);

        assertValidationFailed(response, "shipping_address.line1");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void countsLengthsInCodePointsAsTheContractDoes() {
        String hundredEmoji = "\uD83D\uDCE6".repeat(100); // 100 code points, 200 UTF-16 units
        var fits = order("c-emoji", "ACC-001", 1);
        fits.put("shipping_address", withName(hundredEmoji));
        var tooLong = order("c-emoji", "ACC-001", 1);
        tooLong.put("shipping_address", withName(hundredEmoji + "x"));

        var created = place(fits);
        var refused = place(tooLong);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var read = api.get("/api/orders/" + created.json().get("id").asText())
                .token(partner())
                .send();
        assertThat(read.json().get("shipping_address").get("name").asText()).isEqualTo(hundredEmoji);
        assertValidationFailed(refused, "shipping_address.name");
    }

    @Test
    void theSameStrongETagAlwaysNamesTheSameBytes() {
        var created = place(order("c-etag", "ACC-001", 1));
        String id = created.json().get("id").asText();
        awaitPaymentIntent(id); // its own change after placing: version 2

        var read = api.get("/api/orders/" + id).token(partner()).send();
        var again = api.get("/api/orders/" + id).token(partner()).send();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.header("ETag")).isEqualTo("\"2\"");
        assertThat(read.body()).isNotEqualTo(created.body());
        assertThat(again.header("ETag")).isEqualTo(read.header("ETag"));
        assertThat(again.body()).isEqualTo(read.body());
    }

    @Test
    void acceptsMoreThanOneSpaceAfterBearer() {
        var response = api.get("/api/orders?limit=1")
                .header("Authorization", "Bearer   " + partner())
                .send();

        assertThat(response.status()).isEqualTo(200);
    }

    private ApiClient.Response place(Object body) {
        return api.post("/api/orders", body)
                .token(partner())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .send();
    }

    private static Map<String, Object> withName(String name) {
        var address = new LinkedHashMap<>(address());
        address.put("name", name);
        return address;
    }

    private static void assertProblem(ApiClient.Response response, String kind) {
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asText()).isEqualTo("https://orderflow.dev/problems/" + kind);
        assertThat(problem.get("correlation_id").asText()).isNotBlank().isEqualTo(response.header("X-Correlation-Id"));
    }

    private static void assertValidationFailed(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("type").asText()).endsWith("/validation-failed");
        assertThat(response.json().get("errors"))
                .extracting(error -> error.get("field").asText())
                .containsExactly(field);
    }
}
