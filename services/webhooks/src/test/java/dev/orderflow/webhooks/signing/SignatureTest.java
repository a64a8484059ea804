package dev.orderflow.webhooks.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import dev.orderflow.webhooks.TestReceiver;
import dev.orderflow.webhooks.WebhooksTestSupport;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What a receiver verifies: v1 signatures with the Standard Webhooks library and, independently,
 * with the JDK's HMAC following the specification, before and during a secret rotation; v1a
 * signatures with the JDK's Ed25519 and a key from the JWKS, across a key rotation.
 */
class SignatureTest extends WebhooksTestSupport {

    private static final String ACME = "partner-acme";

    @Autowired
    SigningKeys keys;

    @Test
    void v1SignaturesVerifyWithTheLibraryAndWithPlainJdkHmacDuringARotation() throws Exception {
        JsonNode created = register(ACME, receiver.url(p("/signed")), QUIET);
        String id = created.path("id").asString();
        String first = created.path("secret").asString();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/signed")).size() == 1);
        TestReceiver.Received before = receiver.at(p("/signed")).getFirst();

        JsonNode rotated = call("POST", "/api/webhook-endpoints/" + id + "/secret/rotate", token(ACME), null)
                .json();
        String second = rotated.path("secret").asString();
        call("POST", "/api/webhook-endpoints/" + id + "/ping", token(ACME), null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/signed")).size() == 2);
        TestReceiver.Received during = receiver.at(p("/signed")).get(1);

        assertThat(before.header("webhook-signature").split(" ")).hasSize(1);
        assertThat(verifiesWithLibrary(first, before)).isTrue();
        assertThat(jdkHmacMatches(first, before)).isTrue();
        assertThat(second).isNotEqualTo(first).startsWith("whsec_");
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(verifiesWithLibrary(first, during)).isTrue();
        assertThat(verifiesWithLibrary(second, during)).isTrue();
        assertThat(jdkHmacMatches(first, during)).isTrue();
        assertThat(jdkHmacMatches(second, during)).isTrue();
        assertThat(verifiesWithLibrary("whsec_" + Base64.getEncoder().encodeToString(new byte[24]), during))
                .isFalse();
        assertThat(rotated.path("previous_secret_expires_at").asString()).isNotBlank();
    }

    @Test
    void theOldSecretStopsSigningWhenTheOverlapEnds() throws Exception {
        JsonNode created = register(ACME, receiver.url(p("/overlap")), QUIET);
        String id = created.path("id").asString();
        String first = created.path("secret").asString();
        String second = call("POST", "/api/webhook-endpoints/" + id + "/secret/rotate", token(ACME), null)
                .json()
                .path("secret")
                .asString();
        clock.advance(Duration.ofHours(25)); // the default overlap is a day

        call("POST", "/api/webhook-endpoints/" + id + "/ping", token(ACME), null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/overlap")).size() == 2);
        TestReceiver.Received after = receiver.at(p("/overlap")).get(1);

        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        assertThat(jdkHmacMatches(second, after)).isTrue();
        assertThat(jdkHmacMatches(first, after)).isFalse();
    }

    @Test
    void v1aSignaturesVerifyWithAKeyFromTheJwksAndAReceiverThatCachedItSurvivesAKeyRotation() throws Exception {
        JsonNode created = register(ACME, receiver.url(p("/ed25519")), QUIET + ",\"signature_scheme\":\"v1a\"");
        String id = created.path("id").asString();
        List<PublicKey> cached = jwks(); // a receiver fetches the JWKS once and keeps it
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/ed25519")).size() == 1);

        keys.rotate();
        call("POST", "/api/webhook-endpoints/" + id + "/ping", token(ACME), null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.at(p("/ed25519")).size() == 2);
        Response rotate = call("POST", "/api/webhook-endpoints/" + id + "/secret/rotate", token(ACME), null);

        assertThat(created.path("secret").isNull()).isTrue();
        for (TestReceiver.Received request : receiver.at(p("/ed25519"))) {
            assertThat(request.header("webhook-signature")).startsWith("v1a,");
            assertThat(ed25519Matches(cached, request)).isTrue();
        }
        assertThat(jwks()).hasSize(3); // current, next, and the retired one for a day
        assertThat(rotate.status()).isEqualTo(409);
    }

    private static boolean verifiesWithLibrary(String secret, TestReceiver.Received request) throws Exception {
        Map<String, List<String>> headers = Map.of(
                "webhook-id", List.of(request.header("webhook-id")),
                "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                "webhook-signature", List.of(request.header("webhook-signature")));
        try {
            new Webhook(secret).verify(request.body(), headers);
            return true;
        } catch (com.standardwebhooks.exceptions.WebhookVerificationException e) {
            return false;
        }
    }

    /**
     * The specification, by hand: HMAC-SHA256 keyed with the base64-decoded part of the secret after
     * {@code whsec_}, over {@code id.timestamp.body}, base64; one of the space-separated {@code v1,}
     * signatures must match, compared in constant time.
     */
    private static boolean jdkHmacMatches(String secret, TestReceiver.Received request) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        for (String signature : request.header("webhook-signature").split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean ed25519Matches(List<PublicKey> keys, TestReceiver.Received request) throws Exception {
        byte[] signature =
                Base64.getDecoder().decode(request.header("webhook-signature").substring("v1a,".length()));
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        for (PublicKey key : keys) {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signed.getBytes(StandardCharsets.UTF_8));
            if (verifier.verify(signature)) {
                return true;
            }
        }
        return false;
    }

    /** The JWKS's OKP keys as JDK public keys (RFC 8037: x is the raw key; RFC 8410 gives the DER prefix). */
    private List<PublicKey> jwks() throws Exception {
        List<PublicKey> found = new ArrayList<>();
        for (JsonNode jwk :
                call("GET", "/.well-known/jwks.json", null, null).json().path("keys")) {
            byte[] raw = Base64.getUrlDecoder().decode(jwk.path("x").asString());
            byte[] der = HexFormat.of()
                    .parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw));
            found.add(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        }
        return found;
    }
}
