package dev.orderflow.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import dev.orderflow.sdk.webhooks.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A merchant's receiver accepts Orderflow's webhooks and nothing else. */
class WebhookVerifierTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String OLD_SECRET = "whsec_b3JkZXJmbG93LWRlbW8tcmVjZWl2ZXIta2V5";
    static final String BODY =
            "{\"type\":\"order.paid\",\"timestamp\":\"2026-12-02T10:00:00Z\",\"data\":{\"order_id\":\"o-1\"}}";

    final Instant now = Instant.now();

    Map<String, List<String>> headers(String id, Instant at, String signature) {
        return Map.of(
                "Webhook-Id", List.of(id),
                "webhook-timestamp", List.of(String.valueOf(at.getEpochSecond())),
                "webhook-signature", List.of(signature));
    }

    @Test
    void acceptsASignedDeliveryAndReturnsItsPayload() throws Exception {
        String signature = new Webhook(SECRET).sign("msg_1", now.getEpochSecond(), BODY);

        var delivery = WebhookVerifier.symmetric(SECRET).verify(BODY, headers("msg_1", now, signature));

        assertThat(delivery.id()).isEqualTo("msg_1");
        assertThat(delivery.type()).isEqualTo("order.paid");
        assertThat(delivery.payload().path("data").path("order_id").asString()).isEqualTo("o-1");
    }

    @Test
    void acceptsEitherSecretDuringARotation() throws Exception {
        String both = new Webhook(OLD_SECRET).sign("msg_2", now.getEpochSecond(), BODY) + " "
                + new Webhook(SECRET).sign("msg_2", now.getEpochSecond(), BODY);

        assertThat(WebhookVerifier.symmetric(SECRET)
                        .verify(BODY, headers("msg_2", now, both))
                        .id())
                .isEqualTo("msg_2");
        assertThat(WebhookVerifier.symmetric(OLD_SECRET)
                        .verify(BODY, headers("msg_2", now, both))
                        .id())
                .isEqualTo("msg_2");
    }

    @Test
    void refusesAnAlteredBodyAnotherSecretAndAReplayedOldDelivery() throws Exception {
        String signature = new Webhook(SECRET).sign("msg_3", now.getEpochSecond(), BODY);
        var verifier = WebhookVerifier.symmetric(SECRET);

        assertThatThrownBy(() -> verifier.verify(BODY.replace("o-1", "o-2"), headers("msg_3", now, signature)))
                .isInstanceOf(WebhookVerifier.Invalid.class);
        assertThatThrownBy(() -> WebhookVerifier.symmetric(OLD_SECRET).verify(BODY, headers("msg_3", now, signature)))
                .isInstanceOf(WebhookVerifier.Invalid.class);
        Instant old = now.minus(Duration.ofMinutes(6));
        String oldSignature = new Webhook(SECRET).sign("msg_3", old.getEpochSecond(), BODY);
        assertThatThrownBy(() -> verifier.verify(BODY, headers("msg_3", old, oldSignature)))
                .isInstanceOf(WebhookVerifier.Invalid.class)
                .hasMessageContaining("5 minutes");
        assertThatThrownBy(() -> verifier.verify(BODY, Map.of()))
                .isInstanceOf(WebhookVerifier.Invalid.class)
                .hasMessageContaining("webhook-id");
    }

    @Test
    void verifiesEd25519AgainstThePublishedKeysAndFetchesThemAgainAfterARotation() throws Exception {
        KeyPair first = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair second = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var published = new AtomicReference<>(List.of(first));
        try (var jwks = new FakeServer()
                .on(
                        "/.well-known/jwks.json",
                        (exchange, n) -> FakeServer.json(
                                exchange,
                                200,
                                "{\"keys\":["
                                        + String.join(
                                                ",",
                                                published.get().stream()
                                                        .map(WebhookVerifierTest::jwk)
                                                        .toList())
                                        + "]}"))) {
            var clock = new AtomicReference<>(now);
            var verifier = WebhookVerifier.ed25519(jwks.uri().resolve("/.well-known/jwks.json"))
                    .withClock(new Clock() {
                        public java.time.ZoneId getZone() {
                            return ZoneOffset.UTC;
                        }

                        public Clock withZone(java.time.ZoneId zone) {
                            return this;
                        }

                        public Instant instant() {
                            return clock.get();
                        }
                    });

            assertThat(verifier.verify(BODY, headers("msg_4", now, v1a(first, "msg_4", now)))
                            .id())
                    .isEqualTo("msg_4");
            assertThatThrownBy(() -> verifier.verify(
                            BODY.replace("o-1", "o-9"), headers("msg_4", now, v1a(first, "msg_4", now))))
                    .isInstanceOf(WebhookVerifier.Invalid.class);

            // The service rotates to a key this receiver has not seen: it fetches the JWKS again.
            published.set(List.of(first, second));
            clock.set(now.plus(Duration.ofMinutes(2)));
            Instant later = clock.get();
            assertThat(verifier.verify(BODY, headers("msg_5", later, v1a(second, "msg_5", later)))
                            .id())
                    .isEqualTo("msg_5");
            assertThat(jwks.seen()).hasSize(2);
        }
    }

    static String v1a(KeyPair key, String id, Instant at) throws Exception {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key.getPrivate());
        ed25519.update((id + "." + at.getEpochSecond() + "." + BODY).getBytes(StandardCharsets.UTF_8));
        return "v1a," + Base64.getEncoder().encodeToString(ed25519.sign());
    }

    /** RFC 8037: x is the little-endian y coordinate with x's parity in the top bit. */
    static String jwk(KeyPair key) {
        var point = ((EdECPublicKey) key.getPublic()).getPoint();
        byte[] y = point.getY().toByteArray();
        byte[] x = new byte[32];
        for (int i = 0; i < y.length && i < 32; i++) {
            x[i] = y[y.length - 1 - i];
        }
        if (point.isXOdd()) {
            x[31] |= (byte) 0x80;
        }
        return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"k\",\"x\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(x) + "\"}";
    }
}
