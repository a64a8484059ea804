package dev.orderflow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.orderflow.testing.ContainerErrors;
import dev.orderflow.testing.PkceLogin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("embedded")
class IdentityServerTest {

    @TempDir
    static Path data;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("orderflow.identity.signing-key.path", () -> data.resolve("key.jwk")
                .toString());
        registry.add("spring.security.oauth2.authorizationserver.issuer", () -> "http://identity.test");
    }

    @Test
    void issuesRs256ClientCredentialsTokensForTheOrdersAudience() throws Exception {
        HttpResponse<String> response = token("orderflow-cli", "orderflow-cli-secret", "orders:read orders:write");

        assertThat(response.statusCode()).isEqualTo(200);
        SignedJWT jwt = SignedJWT.parse(
                json.readTree(response.body()).get("access_token").asText());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        RSAKey published = JWKSet.parse(get("/oauth2/jwks").body())
                .getKeyByKeyId(jwt.getHeader().getKeyID())
                .toRSAKey();
        assertThat(published.isPrivate()).isFalse();
        assertThat(jwt.verify(new RSASSAVerifier(published))).isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("http://identity.test");
        assertThat(claims.getAudience()).containsExactly("orderflow-orders", "orderflow-notifications");
        assertThat(claims.getSubject()).isEqualTo("orderflow-cli");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("orderflow-cli");
        assertThat(claims.getStringListClaim("scope")).containsExactlyInAnyOrder("orders:read", "orders:write");
        assertThat(claims.getClaim("customer_id")).isNull();
        Duration lifetime = Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
        assertThat(lifetime).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(15));
    }

    @Test
    void refusesAWrongClientSecret() throws Exception {
        assertThat(token("orderflow-cli", "wrong", "orders:read").statusCode()).isEqualTo(401);
    }

    @Test
    void refusesScopesTheClientWasNotGranted() throws Exception {
        assertThat(token("partner-acme", "partner-acme-secret", "inventory:write")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void signsCustomersInWithAuthorizationCodeAndPkce() throws Exception {
        JsonNode tokens = login().login("alice", "alice-password", "openid orders:read orders:write");

        var claims = SignedJWT.parse(tokens.get("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("customer_id")).isEqualTo("alice");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("storefront");
        assertThat(claims.getAudience()).containsExactly("orderflow-orders", "orderflow-notifications");
        assertThat(tokens.has("id_token")).isTrue();
    }

    @Test
    void aPersonsTokenHoldsOnlyTheScopesTheirRoleAllowsAndOnlyCustomersGetACustomerId() throws Exception {
        var edge = new PkceLogin(
                URI.create("http://localhost:" + port),
                "orderflow-edge",
                "orderflow-edge-secret",
                "http://localhost:8080/login/oauth2/code/orderflow-edge");
        String everything = "openid orders:read orders:write orders:refund analytics:read";

        var alice = claims(edge.login("alice", "alice-password", everything));
        assertThat(alice.getStringListClaim("scope"))
                .containsExactlyInAnyOrder("openid", "orders:read", "orders:write");
        assertThat(alice.getStringClaim("customer_id")).isEqualTo("alice");
        assertThat(alice.getAudience()).containsExactly("orderflow-orders", "orderflow-notifications");

        var carol = claims(edge.login("carol", "carol-password", everything));
        assertThat(carol.getStringListClaim("scope"))
                .containsExactlyInAnyOrder("openid", "orders:read", "orders:write", "orders:refund", "analytics:read");
        assertThat(carol.getClaim("customer_id")).isNull();
        assertThat(carol.getSubject()).isEqualTo("carol");

        JsonNode danTokens = edge.login("dan", "dan-password", everything);
        assertThat(danTokens.get("scope").asText().split(" "))
                .as("the token response names the scopes the token holds")
                .containsExactlyInAnyOrder("openid", "analytics:read");
        var dan = claims(danTokens);
        assertThat(dan.getStringListClaim("scope")).containsExactlyInAnyOrder("openid", "analytics:read");
        assertThat(dan.getClaim("customer_id")).isNull();
        assertThat(dan.getAudience()).containsExactly("orderflow-analytics");
    }

    @Test
    void theEdgeIsAConfidentialClientItsCodeIsUselessWithoutItsSecret() {
        var withoutSecret = new PkceLogin(
                URI.create("http://localhost:" + port),
                "orderflow-edge",
                "http://localhost:8080/login/oauth2/code/orderflow-edge");
        assertThatThrownBy(() -> withoutSecret.login("alice", "alice-password", "openid orders:read"))
                .hasMessageContaining("Token exchange failed: 401");
    }

    private static com.nimbusds.jwt.JWTClaimsSet claims(JsonNode tokens) throws Exception {
        return SignedJWT.parse(tokens.get("access_token").asText()).getJWTClaimsSet();
    }

    @Test
    void refusesAWrongPassword() {
        assertThatThrownBy(() -> login().login("alice", "bob-password", "openid orders:read"))
                .hasMessageContaining("Login refused");
    }

    @Test
    void refusesAnAuthorizationRequestWithoutPkce() throws Exception {
        String authorize = "/oauth2/authorize?response_type=code&client_id=storefront&scope=openid"
                + "&redirect_uri=http://localhost:8080/login/oauth2/code/storefront&state=s";
        HttpResponse<String> response = get(authorize);
        // RFC 6749 §4.1.2.1: with a valid redirect URI the error goes back to the client.
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("error=invalid_request");
    }

    @Test
    void publishesLivenessAndReadinessWithoutAuthentication() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    private PkceLogin login() {
        return new PkceLogin(
                URI.create("http://127.0.0.1:" + port),
                "storefront",
                "http://localhost:8080/login/oauth2/code/storefront");
    }

    private HttpResponse<String> token(String clientId, String secret, String scope) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=client_credentials&scope=" + scope.replace(" ", "+")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersRequestsTomcatRefusesAsProblems() {
        ContainerErrors.assertAnsweredAsProblems(URI.create("http://127.0.0.1:" + port), "/oauth2/jwks");
    }
}
