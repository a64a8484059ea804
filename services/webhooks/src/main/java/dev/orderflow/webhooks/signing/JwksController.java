package dev.orderflow.webhooks.signing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys of v1a signatures as a JWKS (RFC 7517, OKP keys per RFC 8037). */
@RestController
class JwksController {

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping("/.well-known/jwks.json")
    ResponseEntity<Map<String, Object>> jwks() {
        List<Map<String, Object>> published = keys.published().stream()
                .map(key -> {
                    Map<String, Object> jwk = new LinkedHashMap<>();
                    jwk.put("kty", "OKP");
                    jwk.put("crv", "Ed25519");
                    jwk.put("x", key.x());
                    jwk.put("kid", key.kid());
                    jwk.put("use", "sig");
                    jwk.put("alg", "EdDSA");
                    jwk.put("status", key.state());
                    return jwk;
                })
                .toList();
        // Receivers may cache it for an hour: NEXT is published a whole rotation period before use.
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .body(Map.of("keys", published));
    }
}
