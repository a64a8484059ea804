package dev.orderflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.orderflow.testing.FuzzChecks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code POST /graphql} with any query (the fuzzer starts from valid ones, this class's
 * {@code Inputs} folder) or any body: an answer, or errors that name the caller's mistake
 * (a parse or validation error, a limit, a bad argument) — never a 5xx and never an
 * INTERNAL_ERROR, which would mean the query parser or its limits let something through that then
 * broke inside. The API is read-only, so "changes nothing" holds by construction.
 */
class GraphQlQueryFuzzTest extends AnalyticsTestSupport {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final String token = dashboard("analytics:read", "analytics:pii");

    @FuzzTest(maxDuration = "10s")
    void anyQueryIsAnsweredOrRefusedAsTheCallersMistake(FuzzedDataProvider data) throws Exception {
        FuzzChecks.allowLoopbackConnections();
        boolean rawBody = data.consumeBoolean();
        String fuzzed = data.consumeRemainingAsString();
        String body = rawBody ? fuzzed : json.writeValueAsString(Map.of("query", fuzzed));

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/graphql-response+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isLessThan(500);
        if (!response.body().isBlank() && response.body().startsWith("{")) {
            var errors = json.readTree(response.body()).path("errors");
            for (var error : errors) {
                assertThat(error.path("extensions").path("classification").asString(""))
                        .as("%s -> %s", fuzzed, error)
                        .isNotEqualTo("INTERNAL_ERROR");
            }
        }
    }
}
