package dev.orderflow.webhooks.signing;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The {@code webhook-signature} header of Standard Webhooks: space-separated signatures of
 * {@code id.timestamp.body}, {@code v1,<base64 HMAC-SHA256>} per secret or {@code v1a,<base64
 * Ed25519>} with the current key.
 */
@Component
public class Signatures {

    private final SigningKeys keys;

    Signatures(SigningKeys keys) {
        this.keys = keys;
    }

    /** One {@code v1} signature per secret (two during a rotation's overlap). */
    public String v1(List<String> secrets, String messageId, long timestamp, String body) {
        StringBuilder header = new StringBuilder();
        for (String secret : secrets) {
            try {
                header.append(header.isEmpty() ? "" : " ").append(new Webhook(secret).sign(messageId, timestamp, body));
            } catch (Exception e) { // the library's checked exceptions: an empty or malformed secret
                throw new IllegalStateException("cannot sign with this endpoint's secret", e);
            }
        }
        return header.toString();
    }

    /** Standard Webhooks' asymmetric scheme: {@code v1a,<base64 Ed25519 signature>}. */
    public String v1a(String messageId, long timestamp, String body) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(keys.current().privateKey());
            ed25519.update((messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1a," + Base64.getEncoder().encodeToString(ed25519.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
