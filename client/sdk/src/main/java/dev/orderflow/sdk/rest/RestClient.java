package dev.orderflow.sdk.rest;

import dev.orderflow.sdk.OrderflowException;
import dev.orderflow.sdk.http.ApiRequest;
import dev.orderflow.sdk.http.ApiResponse;
import dev.orderflow.sdk.http.HttpTransport;
import dev.orderflow.sdk.paging.Page;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** What the REST clients share: a base URL, the transport, JSON in and out, cursor pages. */
abstract class RestClient {

    final HttpTransport transport;
    final URI base;

    RestClient(HttpTransport transport, URI base) {
        this.transport = transport;
        this.base = base;
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    <T> T get(String path, Class<T> type) {
        return transport.read(transport.exchange(ApiRequest.get(uri(path))), type);
    }

    /** A POST carrying {@code idempotencyKey}: retried safely, answered once. */
    <T> T postKeyed(String path, Object body, String idempotencyKey, Class<T> type) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("an Idempotency-Key is required");
        }
        ApiResponse response = transport.exchange(
                ApiRequest.post(uri(path), transport.write(body), Map.of("Idempotency-Key", idempotencyKey)));
        return transport.read(response, type);
    }

    /** A POST without a key: sent once (retried only if the connection was never made). */
    ApiResponse post(String path, Object body, Map<String, String> headers) {
        return transport.exchange(ApiRequest.post(uri(path), body == null ? null : transport.write(body), headers));
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }

    /**
     * A cursor page: {@code items} and {@code next_cursor} in the body, or a {@code Link: rel="next"}
     * header. A position is a cursor (added to {@code firstPage}) or a next link's absolute URL.
     */
    <T> Page<T> cursorPage(String firstPage, Optional<String> position, Class<T> type) {
        return cursorPage(firstPage, position, type, "items");
    }

    /** The same, the items under {@code member} (the webhooks API says {@code data}). */
    <T> Page<T> cursorPage(String firstPage, Optional<String> position, Class<T> type, String member) {
        URI target;
        if (position.isEmpty()) {
            target = uri(firstPage);
        } else if (position.get().startsWith("http://") || position.get().startsWith("https://")) {
            target = URI.create(position.get());
            if (!sameOrigin(target, base)) {
                throw new OrderflowException("refusing a next link to another origin: " + target);
            }
        } else {
            target = uri(Links.param(new StringBuilder(firstPage), "cursor", position.get())
                    .toString());
        }
        ApiResponse response = transport.exchange(ApiRequest.get(target));
        JsonNode body = transport.json().readTree(response.body());
        List<T> items = new ArrayList<>();
        List<JsonNode> raw = new ArrayList<>();
        for (JsonNode item : body.path(member)) {
            raw.add(item);
            items.add(transport.json().treeToValue(item, type));
        }
        Optional<String> next = Optional.ofNullable(body.path("next_cursor").asString(null))
                .filter(cursor -> !cursor.isBlank())
                .or(() -> Links.next(response, target).map(URI::toString));
        return new Page<>(items, raw, position, next);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }
}
