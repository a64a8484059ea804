package dev.orderflow.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One form POST to identity's token endpoint for a public client (the PKCE login and its refresh),
 * which has no secret for the SDK's client-credentials source to send.
 */
final class TokenEndpoint {

    /** The answer: its status and JSON body (an {@code error} member when refused). */
    record Answer(int status, JsonNode body) {}

    private TokenEndpoint() {}

    static Answer post(URI identity, String form) {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(identity.resolve("/oauth2/token"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body;
            try {
                body = JsonMapper.builder().build().readTree(response.body());
            } catch (RuntimeException notJson) {
                body = JsonMapper.builder().build().createObjectNode();
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new CliException(
                    CliException.UNAVAILABLE, "cannot reach identity at " + identity + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILED, "interrupted");
        }
    }
}
