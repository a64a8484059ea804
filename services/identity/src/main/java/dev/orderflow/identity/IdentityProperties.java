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
 * @param users the people who can sign in (demo users in the embedded default; none otherwise)
 * @param roles the API scopes each role may hold: a person's token carries the scopes the client
 *     asked for that their role allows (OpenID scopes always), so one browser client serves
 *     customers, partners and analysts without giving any of them another role's rights
 */
@ConfigurationProperties("orderflow.identity")
public record IdentityProperties(
        SigningKey signingKey,
        @DefaultValue Map<String, List<String>> audiences,
        @DefaultValue List<User> users,
        @DefaultValue Map<String, List<String>> roles) {

    /**
     * @param path a JWK (JSON) holding the RSA private key
     * @param generateIfMissing create the key at {@code path} on first start (embedded default only:
     *     with several instances every one must load the same key)
     */
    public record SigningKey(Path path, @DefaultValue("false") boolean generateIfMissing) {}

    /**
     * @param password in Spring Security's {@code {id}encoded} form, e.g. {@code {bcrypt}$2a$...}
     * @param role a key of {@code roles}: {@code customer} (the default) acts for themself only and
     *     gets {@code customer_id}; any other role acts for the business, as a partner client does
     */
    public record User(String username, String password, @DefaultValue(CUSTOMER) String role) {}

    public static final String CUSTOMER = "customer";
}
