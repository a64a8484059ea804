package dev.orderflow.webhooks.endpoint;

import static dev.orderflow.defaults.data.Timestamps.utc;

import dev.orderflow.defaults.Fingerprints;
import dev.orderflow.defaults.InvalidInput;
import dev.orderflow.webhooks.message.Messages;
import dev.orderflow.webhooks.ssrf.UrlGuard;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What partners do with their endpoints. Registration is idempotent per (owner, Idempotency-Key):
 * the key and the first response are stored on the endpoint row in the transaction that creates
 * it, so a repeat replays the response (secret included, as Stripe does) and a concurrent repeat
 * loses on the unique key and replays too. (Orders' general-purpose idempotency records also cover
 * requests whose effect spans services; here the effect is one insert, and its row is the record.)
 */
@Component
public class EndpointDesk {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final SecureRandom random = new SecureRandom();
    private static final RetryTemplate DELETE_RETRY = new RetryTemplate(RetryPolicy.builder()
            .includes(PessimisticLockingFailureException.class)
            .maxRetries(3)
            .delay(Duration.ofMillis(20))
            .jitter(Duration.ofMillis(10))
            .multiplier(2)
            .build());

    private final JdbcClient jdbc;
    private final Endpoints endpoints;
    private final Messages messages;
    private final UrlGuard guard;
    private final JsonMapper json;
    private final Clock clock;
    private final EndpointProperties properties;
    private final TransactionTemplate transactions;

    EndpointDesk(
            JdbcClient jdbc,
            Endpoints endpoints,
            Messages messages,
            UrlGuard guard,
            JsonMapper json,
            Clock clock,
            EndpointProperties properties,
            TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
        this.messages = messages;
        this.guard = guard;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.transactions = transactions;
    }

    /** The creation response (stored, so a repeat gets it verbatim) and whether it is a replay. */
    record Creation(String id, String body, boolean replayed) {}

    Creation create(String owner, String key, EndpointRequest request) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IdempotencyKeyMissing();
        }
        String fingerprint = Fingerprints.sha256(json.writeValueAsString(request));
        Optional<Creation> earlier = earlier(owner, key, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        validate(request.eventTypes());
        guard.check(request.url());
        String secret = request.scheme().equals("v1") ? newSecret() : null;
        try {
            return transactions.execute(tx -> insert(owner, newId(), key, fingerprint, request, secret));
        } catch (DuplicateKeyException concurrent) {
            return earlier(owner, key, fingerprint).orElseThrow(() -> concurrent);
        }
    }

    /**
     * The embedded default's demo endpoint (the launcher's receiver), registered once with a secret
     * the receiver knows.
     */
    void registerDemo(String id, String owner, String url, String secret) {
        if (endpoints.find(id).isPresent()) {
            return;
        }
        var request = new EndpointRequest(url, "The launcher's demo receiver (embedded default only)", null, "v1");
        transactions.execute(tx -> insert(owner, id, "demo-endpoint", "-", request, secret));
    }

    private Creation insert(
            String owner, String id, String key, String fingerprint, EndpointRequest request, String secret) {
        Instant now = clock.instant();
        var endpoint = new Endpoint(
                id,
                0,
                owner,
                request.url(),
                request.description(),
                request.eventTypes(),
                request.scheme(),
                true,
                null,
                null,
                null,
                now,
                now);
        String body = json.writeValueAsString(new EndpointView.Created(EndpointView.of(endpoint), secret));
        jdbc.sql(
                        """
                INSERT INTO endpoints (id, owner, url, description, event_types, signature_scheme, enabled,
                    created_at, updated_at, idempotency_key, request_fingerprint, creation_response)
                VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        owner,
                        request.url(),
                        request.description(),
                        types(request.eventTypes()),
                        request.scheme(),
                        utc(now),
                        utc(now),
                        key,
                        fingerprint,
                        body)
                .update();
        if (secret != null) {
            jdbc.sql("INSERT INTO endpoint_secrets (endpoint_id, secret, created_at) VALUES (?, ?, ?)")
                    .params(id, secret, utc(now))
                    .update();
        }
        ping(endpoint, now);
        return new Creation(id, body, false);
    }

    private Optional<Creation> earlier(String owner, String key, String fingerprint) {
        return jdbc.sql(
                        "SELECT id, request_fingerprint, creation_response FROM endpoints WHERE owner = ? AND idempotency_key = ?")
                .params(owner, key)
                .query((rs, row) -> {
                    if (!rs.getString("request_fingerprint").equals(fingerprint)) {
                        throw new IdempotencyKeyReused();
                    }
                    return new Creation(rs.getString("id"), rs.getString("creation_response"), true);
                })
                .optional();
    }

    Endpoint get(String owner, String id) {
        return endpoints.find(owner, id).orElseThrow(() -> new EndpointNotFound(id));
    }

    /** Changes the members given; a new URL is checked as at registration and starts healthy. */
    Endpoint update(String owner, String id, Map<String, Optional<Object>> changes) {
        Endpoint endpoint = get(owner, id);
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            if (changes.containsKey("url")) {
                String url = (String) changes.get("url").orElseThrow();
                guard.check(url);
                jdbc.sql("UPDATE endpoints SET url = ?, failing_since = NULL WHERE id = ?")
                        .params(url, id)
                        .update();
            }
            if (changes.containsKey("description")) {
                jdbc.sql("UPDATE endpoints SET description = ? WHERE id = ?")
                        .params(changes.get("description").orElse(null), id)
                        .update();
            }
            if (changes.containsKey("event_types")) {
                @SuppressWarnings("unchecked")
                List<String> types = (List<String>) changes.get("event_types").orElse(null);
                validate(types);
                jdbc.sql("UPDATE endpoints SET event_types = ? WHERE id = ?")
                        .params(types(types), id)
                        .update();
            }
            jdbc.sql("UPDATE endpoints SET updated_at = ? WHERE id = ?")
                    .params(utc(now), endpoint.id())
                    .update();
        });
        return get(owner, id);
    }

    /**
     * Deletes the endpoint with its secrets, deliveries and attempts (ON DELETE CASCADE). The cascade
     * locks rows the dispatcher may be writing at that moment (an attempt being recorded), so the
     * database can pick this statement as a deadlock's victim; it is retried, briefly, rather than
     * answered 500 for a request that did nothing wrong.
     */
    void delete(String owner, String id) {
        get(owner, id);
        try {
            DELETE_RETRY.execute(() ->
                    jdbc.sql("DELETE FROM endpoints WHERE id = ?").param(id).update());
        } catch (RetryException contended) {
            throw (RuntimeException) contended.getCause();
        }
    }

    /** Stops sending: pending messages are recorded FAILED (recover them after enabling). */
    Endpoint disable(String owner, String id) {
        get(owner, id);
        transactions.executeWithoutResult(tx -> {
            if (endpoints.disable(id, "manual", clock.instant())) {
                messages.failPending(id);
            }
        });
        return get(owner, id);
    }

    /** Sends again from now on; the URL must still pass the guard. */
    Endpoint enable(String owner, String id) {
        Endpoint endpoint = get(owner, id);
        if (!endpoint.enabled()) {
            guard.check(endpoint.url());
            jdbc.sql(
                            """
                    UPDATE endpoints SET enabled = TRUE, disabled_reason = NULL, disabled_at = NULL,
                        failing_since = NULL, updated_at = ? WHERE id = ?""")
                    .params(utc(clock.instant()), id)
                    .update();
        }
        return get(owner, id);
    }

    record Rotation(String secret, Instant previousSecretExpiresAt) {}

    /** A new secret; the ones signing now keep signing until the overlap ends (Standard Webhooks rotation). */
    Rotation rotate(String owner, String id) {
        Endpoint endpoint = get(owner, id);
        if (!endpoint.scheme().equals("v1")) {
            throw new EndpointStateConflict(
                    "A v1a endpoint is signed with the service's Ed25519 keys (/.well-known/jwks.json); it has no secret.");
        }
        Instant now = clock.instant();
        Instant overlapEnds = now.plus(properties.secretOverlap());
        String secret = newSecret();
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("DELETE FROM endpoint_secrets WHERE endpoint_id = ? AND expires_at <= ?")
                    .params(id, utc(now))
                    .update();
            jdbc.sql("UPDATE endpoint_secrets SET expires_at = ? WHERE endpoint_id = ? AND expires_at IS NULL")
                    .params(utc(overlapEnds), id)
                    .update();
            jdbc.sql("INSERT INTO endpoint_secrets (endpoint_id, secret, created_at) VALUES (?, ?, ?)")
                    .params(id, secret, utc(now))
                    .update();
        });
        return new Rotation(secret, overlapEnds);
    }

    /** A test message, now. */
    String ping(String owner, String id) {
        Endpoint endpoint = get(owner, id);
        if (!endpoint.enabled()) {
            throw new EndpointStateConflict("The endpoint is disabled; enable it first.");
        }
        return ping(endpoint, clock.instant());
    }

    private String ping(Endpoint endpoint, Instant now) {
        String id = Messages.newId();
        String payload = json.writeValueAsString(
                Map.of("type", "ping", "timestamp", now.toString(), "data", Map.of("endpoint_id", endpoint.id())));
        messages.store(
                new Messages.Message(id, "ping", null, endpoint.owner(), payload, now),
                List.of(new Messages.Target(endpoint.id(), true)));
        return id;
    }

    private static void validate(List<String> types) {
        if (types == null) {
            return;
        }
        if (types.isEmpty() || types.size() > 20) {
            throw new InvalidInput("event_types", "must name 1 to 20 types, or be null for every type");
        }
        if (new HashSet<>(types).size() != types.size()) {
            throw new InvalidInput("event_types", "must not repeat a type");
        }
        for (int i = 0; i < types.size(); i++) {
            if (!Endpoint.EVENT_TYPES.contains(types.get(i))) {
                throw new InvalidInput("event_types[" + i + "]", "must be one of " + Endpoint.EVENT_TYPES);
            }
        }
    }

    private static String types(List<String> types) {
        return types == null ? null : String.join(",", types);
    }

    /** Standard Webhooks: {@code whsec_} + base64 of the key; 24 random bytes. */
    private static String newSecret() {
        byte[] key = new byte[24];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "ep_" + new java.math.BigInteger(1, bytes).toString(36);
    }

    /** No key, or not 1-255 printable ASCII characters. */
    static class IdempotencyKeyMissing extends RuntimeException {
        IdempotencyKeyMissing() {
            super("Registering an endpoint requires an Idempotency-Key header (1-255 printable ASCII characters).");
        }
    }

    static class IdempotencyKeyReused extends RuntimeException {
        IdempotencyKeyReused() {
            super("This Idempotency-Key was already used with a different request body.");
        }
    }
}
