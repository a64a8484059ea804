package dev.orderflow.edge.signin;

import dev.orderflow.edge.EdgeProperties;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The edge as an OAuth 2.0 client of identity (OAuth 2.0 for Browser-Based Apps, the BFF pattern):
 * a confidential client using the authorization code flow with PKCE; the tokens stay in the
 * server-side session and are refreshed there.
 *
 * <p>The registration is built here rather than from {@code issuer-uri} discovery, which Spring
 * Boot does at start-up: the edge must start whether identity is up or not (services start in any
 * order). The end-session endpoint is named for RP-initiated logout.
 */
@Configuration(proxyBeanMethods = false)
public class SignIn {

    public static final String REGISTRATION = "orderflow-edge";

    @Bean
    ClientRegistrationRepository clientRegistrations(EdgeProperties edge) {
        String issuer = trimmed(edge.identity().issuer().toString());
        String internal = trimmed(edge.identity().internalOrIssuer().toString());
        return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId(REGISTRATION)
                .clientName("Orderflow")
                .clientId(edge.clientId())
                .clientSecret(edge.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .clientSettings(ClientRegistration.ClientSettings.builder()
                        .requireProofKey(true)
                        .build())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                // Asks for every scope the pages use; identity grants a person only their role's.
                .scope("openid", "profile", "orders:read", "orders:write", "orders:refund", "analytics:read")
                .issuerUri(issuer)
                .authorizationUri(issuer + "/oauth2/authorize")
                .tokenUri(internal + "/oauth2/token")
                .jwkSetUri(internal + "/oauth2/jwks")
                .userNameAttributeName("sub")
                .providerConfigurationMetadata(Map.of("end_session_endpoint", issuer + "/connect/logout"))
                .build());
    }

    /** Signed-in people's tokens: in their HTTP session, never in the browser. */
    @Bean
    OAuth2AuthorizedClientRepository authorizedClients() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    /** Hands the relay a valid access token, refreshing it with the refresh token when it has expired. */
    @Bean
    OAuth2AuthorizedClientManager authorizedClientManager(
            ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository clients) {
        var manager = new DefaultOAuth2AuthorizedClientManager(registrations, clients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode()
                .refreshToken()
                .build());
        return manager;
    }

    private static String trimmed(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
