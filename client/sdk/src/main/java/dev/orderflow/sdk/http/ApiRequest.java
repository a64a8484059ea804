package dev.orderflow.sdk.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request as the transport sends it (and resends it, on a retry, unchanged: the same
 * {@code Idempotency-Key} included).
 *
 * @param idempotent whether sending it twice has the effect of sending it once: GET, PUT, DELETE,
 *     and any request carrying an {@code Idempotency-Key}. Only those are retried after the request
 *     may have reached the server.
 * @param authenticated whether to send the caller's bearer token
 */
public record ApiRequest(
        String method,
        URI uri,
        Map<String, String> headers,
        byte[] body,
        String contentType,
        boolean idempotent,
        boolean authenticated) {

    public ApiRequest {
        headers = Map.copyOf(headers);
    }

    public static ApiRequest get(URI uri) {
        return new ApiRequest("GET", uri, Map.of(), null, null, true, true);
    }

    /** A POST; idempotent only if it carries an {@code Idempotency-Key}. */
    public static ApiRequest post(URI uri, byte[] json, Map<String, String> headers) {
        boolean keyed = headers.keySet().stream().anyMatch("Idempotency-Key"::equalsIgnoreCase);
        return new ApiRequest("POST", uri, headers, json, json == null ? null : "application/json", keyed, true);
    }

    public ApiRequest withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiRequest(method, uri, copy, body, contentType, idempotent, authenticated);
    }

    public ApiRequest withMethod(String method, boolean idempotent) {
        return new ApiRequest(method, uri, headers, body, contentType, idempotent, authenticated);
    }

    public ApiRequest anonymous() {
        return new ApiRequest(method, uri, headers, body, contentType, idempotent, false);
    }

    public ApiRequest withBody(byte[] body, String contentType) {
        return new ApiRequest(method, uri, headers, body, contentType, idempotent, authenticated);
    }
}
