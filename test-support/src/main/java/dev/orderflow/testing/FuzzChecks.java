package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The property every HTTP fuzz target checks, over real HTTP into the running service: whatever a
 * caller sends, the answer is never a 5xx; a refusal is a problem+json; and a refused request
 * changes nothing (the rows it could have touched are counted before and after).
 */
public final class FuzzChecks {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private FuzzChecks() {}

    /**
     * Lets the fuzz target and the service under test connect to loopback (the test's own requests,
     * the test broker, the token keys); Jazzer's SSRF detector still reports any other connection
     * an input makes the service open. Call it at the start of a fuzz target.
     */
    public static void allowLoopbackConnections() {
        // Jazzer resets its detectors' settings when fuzzing starts: set on every call, not once.
        BugDetectors.allowNetworkConnections((host, port) -> {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        });
    }

    /**
     * Builds the request (empty when the input cannot be sent over HTTP at all, e.g. a header with a
     * line break: the client library refuses it before anything leaves), sends it, and checks the
     * answer; returns it for further checks.
     */
    public static Optional<HttpResponse<String>> send(Request request, LongSupplier rows) {
        allowLoopbackConnections();
        HttpRequest built;
        try {
            built = request.build();
        } catch (IllegalArgumentException unsendable) {
            return Optional.empty();
        }
        long before = rows.getAsLong();
        HttpResponse<String> response;
        try {
            response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the service dropped the connection for " + built, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        int status = response.statusCode();
        assertThat(status)
                .as("%s %s -> %s", built.method(), built.uri(), response.body())
                .isLessThan(500);
        if (status >= 400) {
            if (status != 404 && status != 405) {
                assertThat(response.headers().firstValue("Content-Type"))
                        .as("a refusal is a problem: %s", response.body())
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            }
            assertThat(rows.getAsLong()).as("a refused request changes nothing").isEqualTo(before);
        }
        return Optional.of(response);
    }

    @FunctionalInterface
    public interface Request {
        HttpRequest build();
    }

    public static HttpRequest.Builder to(int port, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
    }
}
