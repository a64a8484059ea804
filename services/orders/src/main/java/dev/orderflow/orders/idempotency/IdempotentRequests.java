package dev.orderflow.orders.idempotency;

import dev.orderflow.defaults.Fingerprints;
import dev.orderflow.orders.idempotency.IdempotencyKeys.Claim;
import dev.orderflow.orders.idempotency.IdempotencyKeys.StoredResponse;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code Idempotency-Key} rules for any write endpoint, in one place
 * (draft-ietf-httpapi-idempotency-key-header): the key is required; a repeat of a completed request
 * gets the recorded response again, marked {@code Idempotency-Replayed: true}; the same key with a
 * different body is {@link IdempotencyKeyReused}; a repeat while the first is still running is
 * {@link RequestInFlight}. The request's effect records its response through a {@link Recorder} in
 * the transaction that makes the effect, so a response is recorded if and only if the effect
 * happened; work that fails frees the key for a corrected retry.
 *
 * <pre>{@code
 * return idempotency.execute(caller.scope(), key, request,
 *         recorder -> desk.place(caller, request, order -> recorder.record(created(order))));
 * }</pre>
 */
@Component
public class IdempotentRequests {

    // The draft's key is a string (RFC 8941 sf-string); printable ASCII, bounded, keeps it one header line.
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final IdempotencyKeys keys;
    private final JsonMapper json;

    IdempotentRequests(IdempotencyKeys keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /** A request's effect; it must call {@link Recorder#record} inside the transaction that makes it. */
    @FunctionalInterface
    public interface Work {
        void perform(Recorder recorder);
    }

    /** Records the response of one claimed key. */
    public final class Recorder {

        private final String scope;
        private final String key;
        private StoredResponse recorded;

        private Recorder(String scope, String key) {
            this.scope = scope;
            this.key = key;
        }

        /** Call in the transaction of the effect: if it rolls back, nothing is recorded either. */
        public void record(StoredResponse response) {
            keys.complete(scope, key, response);
            recorded = response;
        }
    }

    /**
     * Runs the work once per {@code (scope, key)}; {@code request} is the parsed body, whose JSON
     * fingerprint tells a repeat from a different request under the same key.
     */
    public ResponseEntity<String> execute(String scope, String key, Object request, Work work) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IdempotencyKeyMissing();
        }
        return switch (keys.claim(scope, key, fingerprint(request))) {
            case Claim.Replay replay -> respond(replay.response(), true);
            case Claim.InFlight inFlight -> throw new RequestInFlight();
            case Claim.Mismatch mismatch -> throw new IdempotencyKeyReused();
            case Claim.Granted granted -> {
                var recorder = new Recorder(scope, key);
                try {
                    work.perform(recorder);
                } catch (RuntimeException failed) {
                    // Nothing was recorded (its transaction rolled back): free the key.
                    keys.release(scope, key);
                    throw failed;
                }
                if (recorder.recorded == null) {
                    throw new IllegalStateException("The work for Idempotency-Key " + key + " recorded no response");
                }
                yield respond(recorder.recorded, false);
            }
        };
    }

    private static ResponseEntity<String> respond(StoredResponse stored, boolean replayed) {
        var response = ResponseEntity.status(stored.status())
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.LOCATION, stored.location())
                .eTag(stored.etag());
        if (replayed) {
            response.header("Idempotency-Replayed", "true");
        }
        return response.body(stored.body());
    }

    /** SHA-256 of the request as parsed, so key order, whitespace and ignored fields do not count. */
    private String fingerprint(Object request) {
        return Fingerprints.sha256(json.writeValueAsString(request));
    }

    /** No key, or not 1-255 printable ASCII characters. */
    public static class IdempotencyKeyMissing extends RuntimeException {
        IdempotencyKeyMissing() {
            super("This request requires an Idempotency-Key header (1-255 printable ASCII characters).");
        }
    }

    /** The key was used before with a different request body. */
    public static class IdempotencyKeyReused extends RuntimeException {
        IdempotencyKeyReused() {
            super("This Idempotency-Key was already used with a different request body.");
        }
    }

    /** The first request with this key is still being processed. */
    public static class RequestInFlight extends RuntimeException {
        RequestInFlight() {
            super("A request with this Idempotency-Key is still being processed; retry later.");
        }
    }
}
