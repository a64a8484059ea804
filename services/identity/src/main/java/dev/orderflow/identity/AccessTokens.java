package dev.orderflow.identity;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;

/**
 * Shapes access tokens after RFC 9068 (JWT profile for OAuth 2.0 access tokens): {@code aud} names
 * the APIs the granted scopes are for (not the client, which is Spring's default), {@code client_id}
 * names the client, and tokens a customer obtained carry {@code customer_id} = their subject, which is
 * how resource servers tell a customer acting for themself from a partner acting for anyone. A
 * person's token holds only the scopes their role allows (see {@link IdentityProperties#roles}).
 */
@Configuration(proxyBeanMethods = false)
class AccessTokens {

    static final String CUSTOMER_ID = "customer_id";

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(IdentityProperties properties) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            boolean person = !AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType());
            String role = person ? role(context.getPrincipal()) : null;
            Set<String> scopes = new LinkedHashSet<>(context.getAuthorizedScopes());
            if (person) {
                List<String> allowed = properties.roles().getOrDefault(role, List.of());
                scopes.removeIf(scope -> scope.contains(":") && !allowed.contains(scope));
            }
            Set<String> audiences = new LinkedHashSet<>();
            for (String scope : scopes) {
                int colon = scope.indexOf(':');
                String api = colon > 0 ? scope.substring(0, colon) : scope;
                audiences.addAll(properties.audiences().getOrDefault(api, List.of()));
            }
            var claims = context.getClaims();
            claims.claim("client_id", context.getRegisteredClient().getClientId());
            claims.claim(OAuth2ParameterNames.SCOPE, scopes);
            if (!audiences.isEmpty()) {
                claims.audience(audiences.stream().toList());
            }
            if (person && IdentityProperties.CUSTOMER.equals(role)) {
                claims.claim(CUSTOMER_ID, context.getPrincipal().getName());
            }
        };
    }

    /**
     * The token response's {@code scope} (RFC 6749 §5.1) names what the token holds: a person's
     * token may hold fewer scopes than the client was authorized for (their role's), and the client
     * learns which from here rather than by reading the token, which is opaque to it.
     */
    static OAuth2AccessTokenResponseAuthenticationSuccessHandler responseHandler() {
        var handler = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        handler.setAccessTokenResponseCustomizer(context -> {
            OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
            try {
                List<String> held = SignedJWT.parse(issued.getAccessToken().getTokenValue())
                        .getJWTClaimsSet()
                        .getStringListClaim(OAuth2ParameterNames.SCOPE);
                if (held != null) {
                    context.getAccessTokenResponse().scopes(new LinkedHashSet<>(held));
                }
            } catch (ParseException e) {
                throw new IllegalStateException("identity issued an access token it cannot read", e);
            }
        });
        return handler;
    }

    /** The person's role, from the {@code ROLE_} authority their sign-in gave them. */
    private static String role(Authentication principal) {
        return principal.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring(5).toLowerCase(Locale.ROOT))
                .findFirst()
                .orElse(IdentityProperties.CUSTOMER);
    }
}
