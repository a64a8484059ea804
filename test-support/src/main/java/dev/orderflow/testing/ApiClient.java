package dev.orderflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain HTTP client for API tests that holds every {@code /api/} response it receives to the
 * OpenAPI contract, so no test can pass on a response the contract does not describe.
 */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final OpenApiContract contract;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(URI base, OpenApiContract contract) {
        this.base = base;
        this.contract = contract;
    }

    public Request get(String pathAndQuery) {
        return new Request("GET", pathAndQuery, null);
    }

    public Request post(String pathAndQuery, Object body) {
        return new Request("POST", pathAndQuery, body);
    }

    public Request method(String method, String pathAndQuery, Object body) {
        return new Request(method, pathAndQuery, body);
    }

    public final class Request {
        private final String method;
        private final String target;
        private final Object body;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean checked = true;

        private Request(String method, String target, Object body) {
            this.method = method;
            this.target = target;
            this.body = body;
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
        }

        public Request token(String token) {
            return header("Authorization", "Bearer " + token);
        }

        /** For requests deliberately outside the contract (an unknown route, a method it does not define). */
        public Request offContract() {
            checked = false;
            return this;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Response send() {
            try {
                URI uri = target.startsWith("http") ? URI.create(target) : base.resolve(target);
                var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
                headers.forEach(builder::header);
                String payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
                builder.method(
                        method,
                        payload == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(payload));
                HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                if (checked && contract.covers(uri.getPath())) {
                    contract.assertConforms(
                            method,
                            uri.getPath(),
                            response.statusCode(),
                            name -> response.headers().firstValue(name).orElse(null),
                            response.body());
                }
                return new Response(response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
