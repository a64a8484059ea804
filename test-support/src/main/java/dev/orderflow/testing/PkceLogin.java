package dev.orderflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs a person in through the OAuth2 authorization code flow with PKCE (RFC 7636), over plain
 * HTTP, exactly as a browser would: authorize, redirect to the login form, post the form (with its
 * CSRF token), follow back to authorize, take the code from the redirect, and exchange it with the
 * code verifier.
 */
public final class PkceLogin {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final URI issuer;
    private final String clientId;
    private final String redirectUri;
    private final String clientSecret;

    /** A public client: PKCE alone protects the code. */
    public PkceLogin(URI issuer, String clientId, String redirectUri) {
        this(issuer, clientId, null, redirectUri);
    }

    /** A confidential client (a backend-for-frontend): PKCE and its secret (HTTP Basic) at the token endpoint. */
    public PkceLogin(URI issuer, String clientId, String clientSecret, String redirectUri) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    /** Returns the token response (access_token, id_token, refresh_token, ...). */
    public JsonNode login(String username, String password, String scope) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String verifier = random(32);
        String challenge = base64Url(sha256(verifier));
        String state = random(16);
        String authorize = issuer.resolve("/oauth2/authorize") + "?"
                + form(Map.of(
                        "response_type", "code",
                        "client_id", clientId,
                        "redirect_uri", redirectUri,
                        "scope", scope,
                        "state", state,
                        "code_challenge", challenge,
                        "code_challenge_method", "S256"));

        URI callback = signIn(browser, URI.create(authorize), username, password);
        Map<String, String> query = parseQuery(callback.getRawQuery());
        if (!state.equals(query.get("state")) || query.get("code") == null) {
            throw new IllegalStateException("Unexpected authorization response: " + callback);
        }
        var exchange = HttpRequest.newBuilder(issuer.resolve("/oauth2/token"));
        if (clientSecret != null) {
            exchange.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)));
        }
        var token = browser.send(
                exchange.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                "grant_type", "authorization_code",
                                "code", query.get("code"),
                                "redirect_uri", redirectUri,
                                "client_id", clientId,
                                "code_verifier", verifier))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            throw new IllegalStateException("Token exchange failed: " + token.statusCode() + " " + token.body());
        }
        return new ObjectMapper().readTree(token.body());
    }

    /**
     * What a person does in a browser: opens {@code authorize} (an authorization request someone
     * else built, e.g. the one {@code ./orderflow login --pkce} prints), signs in, and lands on the
     * redirect URI. Returns that address (with {@code code} and {@code state}), which nothing here
     * follows.
     */
    public URI signIn(URI authorize, String username, String password) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return signIn(browser, authorize, username, password);
    }

    private URI signIn(HttpClient browser, URI authorize, String username, String password)
            throws IOException, InterruptedException {
        var toLogin = get(browser, authorize);
        expectRedirect(toLogin, "authorize (not signed in)");
        URI loginPage = issuer.resolve(toLogin.headers().firstValue("Location").orElseThrow());
        var page = get(browser, loginPage);
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("No CSRF token on the login page: " + page.body());
        }
        var signedIn = browser.send(
                HttpRequest.newBuilder(issuer.resolve("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                form(Map.of("username", username, "password", password, "_csrf", csrf.group(1)))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        expectRedirect(signedIn, "login");
        String next = signedIn.headers().firstValue("Location").orElseThrow();
        if (next.contains("error")) {
            throw new IllegalStateException("Login refused for " + username);
        }
        var withCode = get(browser, issuer.resolve(next));
        expectRedirect(withCode, "authorize (signed in)");
        URI callback = URI.create(withCode.headers().firstValue("Location").orElseThrow());
        return callback;
    }

    private static HttpResponse<String> get(HttpClient browser, URI uri) throws IOException, InterruptedException {
        return browser.send(
                HttpRequest.newBuilder(uri).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expectRedirect(HttpResponse<String> response, String step) {
        if (response.statusCode() != 302 && response.statusCode() != 303) {
            throw new IllegalStateException(
                    step + ": expected a redirect, got " + response.statusCode() + " " + response.body());
        }
    }

    static String form(Map<String, String> fields) {
        return new LinkedHashMap<>(fields)
                .entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            values.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return base64Url(value);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(byte[] value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
