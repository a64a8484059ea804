package dev.orderflow.sdk.http;

import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code --verbose}-style logging of each attempt: method, URL, status, time, attempt number and
 * a few headers that help (idempotency key, correlation id, rate-limit state, Retry-After). Bodies
 * and credentials are never logged: {@code Authorization}, cookies and request bodies (which carry
 * client secrets, webhook secrets and card data) are left out by construction, not by masking.
 */
public final class RequestLog {

    /** The only headers whose values may appear in the log. */
    static final Set<String> SHOWN = Set.of(
            "idempotency-key",
            "x-correlation-id",
            "retry-after",
            "ratelimit",
            "ratelimit-policy",
            "idempotency-replayed",
            "last-event-id");

    private final Consumer<String> sink;

    private RequestLog(Consumer<String> sink) {
        this.sink = sink;
    }

    public static RequestLog to(Consumer<String> sink) {
        return new RequestLog(sink);
    }

    public static RequestLog off() {
        return new RequestLog(null);
    }

    public boolean enabled() {
        return sink != null;
    }

    public void line(String text) {
        if (sink != null) {
            sink.accept(text);
        }
    }

    static boolean shown(String header) {
        return SHOWN.contains(header.toLowerCase(java.util.Locale.ROOT));
    }
}
