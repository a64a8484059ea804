package dev.orderflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.orderflow.testing.FuzzChecks;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code GET /api/events} with any {@code Last-Event-ID}: the stream (200, closed here at once) or
 * a 400 problem, never a 5xx. Inputs a client library cannot send as a header are skipped: they
 * never reach a server.
 */
class LastEventIdFuzzTest extends NotificationsTestSupport {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final String token = customer(unique("fuzz"));

    @FuzzTest(maxDuration = "10s")
    void anyLastEventIdResumesOrIsRefusedWithAProblem(@NotNull String lastEventId) throws Exception {
        FuzzChecks.allowLoopbackConnections();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Last-Event-ID", lastEventId)
                    .build();
        } catch (IllegalArgumentException unsendable) {
            return;
        }

        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(response.statusCode())
                    .as("Last-Event-ID %s", lastEventId)
                    .isIn(200, 400);
            if (response.statusCode() == 400) {
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            }
        }
    }
}
