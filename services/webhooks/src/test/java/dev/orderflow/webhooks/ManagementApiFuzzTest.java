package dev.orderflow.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.orderflow.testing.FuzzChecks;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The management API's write bodies — create an endpoint, PATCH one, recover its messages — with
 * anything in them: a success, or a 4xx problem that changes no endpoint, secret, message or
 * delivery; never a 5xx. The fuzzer starts from valid bodies (this class's {@code Inputs} folder).
 */
class ManagementApiFuzzTest extends WebhooksTestSupport {

    private static final String OWNER = "partner-fuzz";
    private final AtomicLong keys = new AtomicLong();
    private String endpoint;

    @FuzzTest(maxDuration = "10s")
    void anyWriteBodyIsAppliedOrRefusedWithAProblem(FuzzedDataProvider data) {
        FuzzChecks.allowLoopbackConnections(); // the endpoint's pings go to localhost too
        if (endpoint == null) {
            endpoint = call(
                            "POST",
                            "/api/webhook-endpoints",
                            token(OWNER),
                            "{\"url\":\"http://localhost:9/fuzz\"}",
                            "Idempotency-Key",
                            "fuzz-setup")
                    .json()
                    .get("id")
                    .asString();
        }
        int operation = data.consumeInt(0, 2);
        String body = data.consumeRemainingAsString();
        String token = token(OWNER);

        var response = FuzzChecks.send(
                () -> switch (operation) {
                    case 0 -> FuzzChecks.to(port, "/api/webhook-endpoints")
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", "fuzz-" + keys.incrementAndGet())
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    case 1 -> FuzzChecks.to(port, "/api/webhook-endpoints/" + endpoint)
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/merge-patch+json")
                            .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    default -> FuzzChecks.to(port, "/api/webhook-endpoints/" + endpoint + "/recover")
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                },
                this::rows);

        response.ifPresent(answer -> assertThat(answer.statusCode()).isIn(200, 201, 202, 400, 409, 415, 422));
    }

    private long rows() {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM endpoints) + (SELECT COUNT(*) FROM endpoint_secrets)"
                        + " + (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM deliveries)")
                .query(Long.class)
                .single();
    }
}
