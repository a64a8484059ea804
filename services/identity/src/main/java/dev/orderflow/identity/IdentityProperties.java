package dev.orderflow.identity;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity's own settings; OAuth2 clients are Spring Boot's
 * {@code spring.security.oauth2.authorizationserver.client.*} properties.
 *
 * @param signingKey where the token-signing key lives
 * @param audiences access-token audiences per scope prefix: a token with scope {@code orders:read}
 *     is for the audiences mapped from {@code orders} (RFC 9068 §2.2): the resource servers that
 *     serve that API (orders, and notifications, which streams the same orders' changes)
 * @param users the people who can sign in (demo customers in the embedded default; none otherwise)
 */
@ConfigurationProperties("orderflow.identity")
public record IdentityProperties(
        SigningKey signingKey, @DefaultValue Map<String, List<String>> audiences, @DefaultValue List<User> users) {

    /**
     * @param path a JWK (JSON) holding the RSA private key
     * @param generateIfMissing create the key at {@code path} on first start (embedded default only:
     *     with several instances every one must load the same key)
     */
    public record SigningKey(Path path, @DefaultValue("false") boolean generateIfMissing) {}

    /** @param password in Spring Security's {@code {id}encoded} form, e.g. {@code {bcrypt}$2a$...} */
    public record User(String username, String password) {}
}
