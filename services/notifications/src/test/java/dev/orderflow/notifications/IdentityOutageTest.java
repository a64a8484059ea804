package dev.orderflow.notifications;

import dev.orderflow.testing.IdentityOutage;
import dev.orderflow.testing.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Identity down: notifications keeps opening streams for the tokens it can verify and refuses the
 * rest (401).
 */
class IdentityOutageTest extends NotificationsTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acceptsTokensIssuedBeforeTheOutageAndRefusesOnesItCannotVerify() throws Exception {
        IdentityOutage.assertIssuedTokensWorkAndUnverifiableOnesAreRefused(
                tokens,
                () -> tokens.claims(
                                "partner-acme",
                                "partner-acme",
                                null,
                                "orderflow-orders",
                                Duration.ofMinutes(10),
                                "orders:read")
                        .audience(TestTokens.ORDERS_AUDIENCES),
                this::openStream,
                200,
                401);
    }

    /** Opens the event stream and closes it at once: only the status matters here. */
    private int openStream(String token) {
        try {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
