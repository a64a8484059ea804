package dev.orderflow.identity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes access tokens after RFC 9068 (JWT profile for OAuth 2.0 access tokens): {@code aud} names
 * the APIs the granted scopes are for (not the client, which is Spring's default), {@code client_id}
 * names the client, and tokens a person obtained carry {@code customer_id} = their subject, which is
 * how resource servers tell a customer acting for themself from a partner acting for anyone.
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
            Set<String> audiences = new LinkedHashSet<>();
            for (String scope : context.getAuthorizedScopes()) {
                int colon = scope.indexOf(':');
                String api = colon > 0 ? scope.substring(0, colon) : scope;
                audiences.addAll(properties.audiences().getOrDefault(api, List.of()));
            }
            var claims = context.getClaims();
            claims.claim("client_id", context.getRegisteredClient().getClientId());
            if (!audiences.isEmpty()) {
                claims.audience(audiences.stream().toList());
            }
            if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                claims.claim(CUSTOMER_ID, context.getPrincipal().getName());
            }
        };
    }
}
