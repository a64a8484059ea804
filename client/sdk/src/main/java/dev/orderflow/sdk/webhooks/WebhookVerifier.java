package dev.orderflow.sdk.webhooks;

import com.standardwebhooks.Webhook;
import dev.orderflow.sdk.OrderflowException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an Orderflow webhook before a merchant's receiver trusts it (Standard Webhooks): the
 * {@code webhook-timestamp} within 5 minutes of now (replays are refused), and a
 * {@code webhook-signature} that matches — {@code v1} (HMAC-SHA256 with the endpoint's
 * {@code whsec_} secret, by the {@code com.standardwebhooks} library; pass both secrets during a
 * rotation) or {@code v1a} (Ed25519, against the keys Orderflow publishes at
 * {@code /.well-known/jwks.json}, fetched and cached; fetched again when no cached key matches, so a
 * key rotation needs nothing from the receiver). Use the raw body exactly as received.
 */
public final class WebhookVerifier {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** The delivery was not from Orderflow, was altered, or is too old. */
    public static final class Invalid extends OrderflowException {
        Invalid(String message) {
            super(message);
        }
    }

    /** A verified delivery: its id (de-duplicate on it), type and JSON payload. */
    public record Delivery(String id, Instant timestamp, String type, JsonNode payload) {}

    private final List<String> secrets;
    private final URI jwks;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http;
    private volatile List<PublicKey> keys = List.of();
    private volatile Instant keysFetched = Instant.MIN;

    private WebhookVerifier(List<String> secrets, URI jwks, Clock clock) {
        this.secrets = List.copyOf(secrets);
        this.jwks = jwks;
        this.clock = clock;
        this.http = jwks == null
                ? null
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    /** For {@code v1} endpoints: the endpoint's secret(s), e.g. {@code whsec_…}. */
    public static WebhookVerifier symmetric(String... secrets) {
        if (secrets.length == 0) {
            throw new IllegalArgumentException("at least one secret");
        }
        return new WebhookVerifier(List.of(secrets), null, Clock.systemUTC());
    }

    /** For {@code v1a} endpoints: the webhooks service's JWKS URL. */
    public static WebhookVerifier ed25519(URI jwks) {
        return new WebhookVerifier(List.of(), jwks, Clock.systemUTC());
    }

    /** The same verifier reading time from {@code clock} (tests). */
    public WebhookVerifier withClock(Clock clock) {
        return new WebhookVerifier(secrets, jwks, clock);
    }

    /**
     * Verifies one delivery. {@code headers} as received (names in any case).
     *
     * @throws Invalid if it must be refused (answer 400/401 and do nothing)
     */
    public Delivery verify(String body, Map<String, List<String>> headers) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (!values.isEmpty()) {
                h.put(name, values.getFirst());
            }
        });
        String id = require(h, "webhook-id");
        String timestamp = require(h, "webhook-timestamp");
        String signature = require(h, "webhook-signature");
        Instant at;
        try {
            at = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException e) {
            throw new Invalid("webhook-timestamp is not a number");
        }
        if (Duration.between(at, clock.instant()).abs().compareTo(TOLERANCE) > 0) {
            throw new Invalid("webhook-timestamp is more than 5 minutes from now (a replay, or a wrong clock)");
        }
        boolean valid = jwks == null ? v1(body, id, timestamp, signature) : v1a(body, id, timestamp, signature);
        if (!valid) {
            throw new Invalid("no signature matches");
        }
        JsonNode payload = json.readTree(body);
        return new Delivery(id, at, payload.path("type").asString(null), payload);
    }

    private boolean v1(String body, String id, String timestamp, String signature) {
        for (String secret : secrets) {
            try {
                // The library checks the timestamp against the system clock itself; ours was checked above.
                String expected = new Webhook(secret).sign(id, Long.parseLong(timestamp), body);
                String mine = expected.substring(expected.indexOf(',') + 1);
                for (String part : signature.split(" ")) {
                    if (part.startsWith("v1,")
                            && java.security.MessageDigest.isEqual(
                                    part.substring(3).getBytes(StandardCharsets.US_ASCII),
                                    mine.getBytes(StandardCharsets.US_ASCII))) {
                        return true;
                    }
                }
            } catch (Exception e) { // the library's checked exceptions: a malformed secret
                throw new IllegalArgumentException("not a usable webhook secret", e);
            }
        }
        return false;
    }

    private boolean v1a(String body, String id, String timestamp, String signature) {
        byte[] signed = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        List<byte[]> candidates = new ArrayList<>();
        for (String part : signature.split(" ")) {
            if (part.startsWith("v1a,")) {
                try {
                    candidates.add(Base64.getDecoder().decode(part.substring(4)));
                } catch (IllegalArgumentException notBase64) {
                    // not a signature: ignore it, another may match
                }
            }
        }
        if (candidates.isEmpty()) {
            return false;
        }
        if (matches(keys(false), signed, candidates)) {
            return true;
        }
        // A key this receiver has not seen yet (a rotation): fetch the JWKS again, at most once a minute.
        return Duration.between(keysFetched, clock.instant()).compareTo(Duration.ofMinutes(1)) > 0
                && matches(keys(true), signed, candidates);
    }

    private static boolean matches(List<PublicKey> keys, byte[] signed, List<byte[]> signatures) {
        for (PublicKey key : keys) {
            for (byte[] candidate : signatures) {
                try {
                    Signature ed25519 = Signature.getInstance("Ed25519");
                    ed25519.initVerify(key);
                    ed25519.update(signed);
                    if (ed25519.verify(candidate)) {
                        return true;
                    }
                } catch (java.security.GeneralSecurityException e) {
                    // a malformed signature does not match
                }
            }
        }
        return false;
    }

    private List<PublicKey> keys(boolean refresh) {
        if (!refresh && Duration.between(keysFetched, clock.instant()).compareTo(Duration.ofMinutes(10)) < 0) {
            return keys;
        }
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(jwks).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new OrderflowException("JWKS " + jwks + " answered " + response.statusCode());
            }
            List<PublicKey> fetched = new ArrayList<>();
            for (JsonNode jwk : json.readTree(response.body()).path("keys")) {
                if ("OKP".equals(jwk.path("kty").asString())
                        && "Ed25519".equals(jwk.path("crv").asString())) {
                    fetched.add(
                            ed25519(Base64.getUrlDecoder().decode(jwk.path("x").asString())));
                }
            }
            keys = List.copyOf(fetched);
            keysFetched = clock.instant();
            return keys;
        } catch (java.io.IOException e) {
            throw new OrderflowException("cannot fetch the webhook keys from " + jwks, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrderflowException("interrupted", e);
        }
    }

    /** An RFC 8037 {@code x} (32 bytes, little-endian y with x's parity in the top bit) as a JDK key. */
    static PublicKey ed25519(byte[] x) {
        try {
            byte[] reversed = new byte[x.length];
            for (int i = 0; i < x.length; i++) {
                reversed[i] = x[x.length - 1 - i];
            }
            boolean xOdd = (reversed[0] & 0x80) != 0;
            reversed[0] &= 0x7f;
            var point = new EdECPoint(xOdd, new BigInteger(1, reversed));
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
        } catch (java.security.GeneralSecurityException e) {
            throw new OrderflowException("not an Ed25519 key", e);
        }
    }

    private static String require(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new Invalid("missing header " + name);
        }
        return value;
    }
}
