package dev.orderflow.sdk.auth;

import dev.orderflow.sdk.ProblemException;
import dev.orderflow.sdk.http.ApiRequest;
import dev.orderflow.sdk.http.ApiResponse;
import dev.orderflow.sdk.http.HttpTransport;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;

/**
 * OAuth2 client credentials (RFC 6749 §4.4) at identity's token endpoint: the token is cached and
 * fetched again shortly before it expires (a minute, or a tenth of its life if shorter), once for
 * all threads waiting on it. The secret goes only to the token endpoint, in the Basic header.
 */
public final class ClientCredentials implements TokenSource {

    /** A token and when it stops being valid. */
    public record AccessToken(String value, Instant expiresAt, String scope) {}

    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();
    private HttpTransport transport;
    private volatile AccessToken current;
    private volatile Instant renewAt = Instant.MIN;

    public ClientCredentials(URI tokenEndpoint, String clientId, String clientSecret, String scope, Clock clock) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.clock = clock;
    }

    /** Set once by the SDK: the token endpoint is called through the same timeouts and retries. */
    public void useTransport(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public String token() {
        return accessToken().value();
    }

    /** The cached token, renewed if it is about to expire. */
    public AccessToken accessToken() {
        AccessToken token = current;
        if (token != null && clock.instant().isBefore(renewAt)) {
            return token;
        }
        fetching.lock();
        try {
            token = current;
            if (token != null && clock.instant().isBefore(renewAt)) {
                return token; // another thread renewed it while this one waited
            }
            token = fetch();
            Duration life = Duration.between(clock.instant(), token.expiresAt());
            Duration margin = life.dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0
                    ? life.dividedBy(10)
                    : Duration.ofMinutes(1);
            renewAt = token.expiresAt().minus(margin);
            current = token;
            return token;
        } finally {
            fetching.unlock();
        }
    }

    @Override
    public boolean invalidate(String token) {
        AccessToken known = current;
        if (known != null && known.value().equals(token)) {
            renewAt = Instant.MIN;
        }
        return true;
    }

    private AccessToken fetch() {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (scope != null && !scope.isBlank()) {
            form.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        String basic = Base64.getEncoder()
                .encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        // Asking for a token twice is harmless: idempotent, so retried like a GET.
        var request = new ApiRequest(
                "POST",
                tokenEndpoint,
                Map.of("Authorization", "Basic " + basic),
                form.toString().getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded",
                true,
                false);
        ApiResponse response = transport.send(request);
        if (response.status() != 200) {
            JsonNode body = safeJson(response);
            String error = body == null
                    ? "HTTP " + response.status()
                    : body.path("error").asString("HTTP " + response.status());
            throw ProblemException.of(new ProblemException.Parts(
                    "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2",
                    response.status() == 400 ? 401 : response.status(),
                    "Token request refused: " + error,
                    body == null ? null : body.path("error_description").asString(null),
                    java.util.List.of(),
                    null,
                    null,
                    Map.of()));
        }
        JsonNode body = transport.json().readTree(response.body());
        long expiresIn = body.path("expires_in").asLong(300);
        return new AccessToken(
                body.path("access_token").asString(),
                clock.instant().plusSeconds(expiresIn),
                body.path("scope").asString(scope));
    }

    private JsonNode safeJson(ApiResponse response) {
        try {
            return transport.json().readTree(response.body());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
