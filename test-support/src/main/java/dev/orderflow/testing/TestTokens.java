package dev.orderflow.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signs access tokens the way identity does (RS256, RFC 9068 claims) and serves the public key as a
 * JWKS on loopback, so a service under test validates them through its real configuration
 * ({@code jwk-set-uri}, issuer, audience). Also forges the bad tokens attackers send.
 */
public final class TestTokens implements AutoCloseable {

    public static final String ISSUER = "http://identity.test";

    private final RSAKey key;
    private final RSAKey unpublished;
    private volatile HttpServer jwks;
    private final AtomicInteger tokenRequests = new AtomicInteger();

    public TestTokens() {
        try {
            key = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
            unpublished = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        jwks = serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Identity's two endpoints the services use: the keys, and tokens for services that call services. */
    private HttpServer serve(InetSocketAddress address) {
        try {
            HttpServer server = HttpServer.create(address, 0);
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/oauth2/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            // Client credentials for services under test that call other services (RFC 6749 §4.4).
            server.createContext("/oauth2/token", exchange -> {
                String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String scope =
                        URLDecoder.decode(form.replaceAll(".*(?:^|&)scope=([^&]*).*", "$1"), StandardCharsets.UTF_8);
                String token = sign(claims(
                        "service",
                        "service",
                        null,
                        "orderflow-inventory",
                        Duration.ofMinutes(10),
                        scope.split("[ ,]+")));
                byte[] response = ("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":600}")
                        .getBytes(StandardCharsets.UTF_8);
                tokenRequests.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, response.length);
                exchange.getResponseBody().write(response);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Identity goes down (its port refuses connections) until the returned outage is closed, when it
     * comes back on the same port with the same keys.
     */
    public synchronized AutoCloseable outage() {
        InetSocketAddress address = jwks.getAddress();
        jwks.stop(0);
        return () -> {
            synchronized (this) {
                jwks = serve(address);
            }
        };
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/oauth2/jwks";
    }

    /** The token endpoint: grants any client credentials request (for services that call services). */
    public String tokenUri() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/oauth2/token";
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** The audiences identity gives a token with {@code orders:*} scopes: orders and notifications. */
    public static final List<String> ORDERS_AUDIENCES = List.of("orderflow-orders", "orderflow-notifications");

    /** A partner's client-credentials token. */
    public String partner(String clientId, String... scopes) {
        return sign(claims(clientId, clientId, null, "orderflow-orders", Duration.ofMinutes(10), scopes)
                .audience(ORDERS_AUDIENCES));
    }

    /** A customer's token, as the authorization code flow issues it through the storefront client. */
    public String customer(String customerId, String... scopes) {
        return customer(customerId, Duration.ofMinutes(10), scopes);
    }

    /** A customer's token that expires after {@code ttl}. */
    public String customer(String customerId, Duration ttl, String... scopes) {
        return sign(claims(customerId, "storefront", customerId, "orderflow-orders", ttl, scopes)
                .audience(ORDERS_AUDIENCES));
    }

    public JWTClaimsSet.Builder claims(
            String subject, String clientId, String customerId, String audience, Duration ttl, String... scopes) {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", clientId)
                .claim("scope", List.of(scopes));
        if (customerId != null) {
            claims.claim("customer_id", customerId);
        }
        return claims;
    }

    public String sign(JWTClaimsSet.Builder claims) {
        return signWith(key, claims);
    }

    private static String signWith(RSAKey key, JWTClaimsSet.Builder claims) {
        try {
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signed by a key identity never published (as after a key rotation the service has not seen):
     * verifiable only by fetching the keys again, so unverifiable while identity is down.
     */
    public String signWithUnpublishedKey(JWTClaimsSet.Builder claims) {
        return signWith(unpublished, claims);
    }

    /** An unsigned token ({@code alg: none}). */
    public String unsigned(JWTClaimsSet.Builder claims) {
        return new PlainJWT(claims.build()).serialize();
    }

    /** The classic key-confusion attack: HS256 "signed" with the RSA public key as the HMAC secret. */
    public String hmacWithPublicKey(JWTClaimsSet.Builder claims) {
        try {
            byte[] secret = key.toPublicJWK().toRSAPublicKey().getEncoded();
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims.build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A validly signed token whose payload was then edited (here: scopes widened). */
    public String tampered(String token, Map<String, Object> extraClaims) {
        String[] parts = token.split("\\.");
        try {
            var claims =
                    JWTClaimsSet.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            var builder = new JWTClaimsSet.Builder(claims);
            extraClaims.forEach(builder::claim);
            String payload = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(builder.build().toString().getBytes(StandardCharsets.UTF_8));
            return parts[0] + "." + payload + "." + parts[2];
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        jwks.stop(0);
    }
}
