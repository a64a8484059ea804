package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Requests the servlet container refuses before any application code runs: every Orderflow HTTP
 * service must answer them as problem+json with a correlation id (service-defaults'
 * {@code ProblemErrorReportValve}), not with Tomcat's HTML page.
 */
public final class ContainerErrors {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContainerErrors() {}

    /** A 16 KiB header is 431, a path with an encoded slash is 400: both problems. */
    public static void assertAnsweredAsProblems(URI base, String path) {
        var tooLarge = send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + "a".repeat(16 * 1024))
                .build());
        assertProblem(tooLarge, 431, "request-header-too-large");

        var encodedSlash = send(HttpRequest.newBuilder(URI.create(base + path + "/%2f..%2factuator%2fenv"))
                .build());
        assertProblem(encodedSlash, 400, "malformed-request");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String kind) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        try {
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asText()).isEqualTo("https://orderflow.dev/problems/" + kind);
            assertThat(problem.path("status").asInt()).isEqualTo(status);
            assertThat(problem.path("correlation_id").asText())
                    .isNotBlank()
                    .isEqualTo(response.headers().firstValue("X-Correlation-Id").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(request, (name, value) -> true)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
