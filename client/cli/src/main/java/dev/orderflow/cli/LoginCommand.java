package dev.orderflow.cli;

import dev.orderflow.sdk.Orderflow;
import dev.orderflow.sdk.auth.ClientCredentials;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ./orderflow login}: a token for the other commands, kept owner-only under the config folder. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Get a token and keep it for the other commands (in $XDG_CONFIG_HOME/orderflow/token.json, else",
            "~/.config/orderflow/token.json, readable by you only). Client credentials by default; --pkce",
            "signs a customer in through the browser (authorization code + PKCE), printing the URL to open."
        },
        footer = {
            "",
            "Examples:",
            "  ./orderflow login --client-id orderflow-cli --client-secret orderflow-cli-secret",
            "  ORDERFLOW_CLIENT_SECRET=orderflow-cli-secret ./orderflow login",
            "  ./orderflow login --pkce        # then open the URL, sign in as alice, paste the address you land on"
        })
final class LoginCommand implements Callable<Integer> {

    static final String REDIRECT = "http://localhost:8080/login/oauth2/code/storefront";

    @Mixin
    ClientOptions client;

    @Option(
            names = "--client-id",
            description = "OAuth2 client (default: ${DEFAULT-VALUE})",
            defaultValue = "orderflow-cli")
    String clientId;

    @Option(
            names = "--client-secret",
            description = "its secret (default: $ORDERFLOW_CLIENT_SECRET, else asked for on a terminal)")
    String clientSecret;

    @Option(
            names = "--scope",
            description = "scopes to ask for (default: ${DEFAULT-VALUE})",
            defaultValue = Orderflow.DEFAULT_SCOPES)
    String scope;

    @Option(names = "--pkce", description = "sign a customer in (client storefront, authorization code + PKCE)")
    boolean pkce;

    private final Cli.Context context;

    LoginCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Session.Saved saved = pkce ? pkceLogin() : clientCredentials();
        context.session().save(saved);
        if (client.json()) {
            var out = new LinkedHashMap<String, Object>();
            out.put("client_id", saved.clientId());
            out.put("scope", saved.scope());
            out.put("expires_at", saved.expiresAt().toString());
            out.put("file", context.session().file().toString());
            client.out().println(JsonMapper.builder().build().writeValueAsString(out));
        } else {
            client.out()
                    .printf(
                            "Logged in as %s (scopes: %s); token valid until %s, kept in %s%n",
                            saved.subject() == null ? saved.clientId() : saved.subject(),
                            saved.scope(),
                            saved.expiresAt(),
                            context.session().file());
        }
        return 0;
    }

    private Session.Saved clientCredentials() {
        String secret = clientSecret != null ? clientSecret : context.env().get("ORDERFLOW_CLIENT_SECRET");
        if (secret == null && System.console() != null) {
            char[] typed = System.console().readPassword("Client secret for %s: ", clientId);
            secret = typed == null ? null : new String(typed);
        }
        if (secret == null || secret.isBlank()) {
            throw new CliException(CliException.USAGE, "no client secret: --client-secret, or ORDERFLOW_CLIENT_SECRET");
        }
        var endpoints = client.endpoints();
        try (var orderflow = client.builder()
                .clientCredentials(clientId, secret)
                .scopes(scope)
                .build()) {
            ClientCredentials.AccessToken token = ((ClientCredentials) orderflow.tokens()).accessToken();
            return new Session.Saved(
                    token.value(),
                    token.expiresAt(),
                    null,
                    clientId,
                    token.scope(),
                    endpoints.identity().toString(),
                    clientId);
        }
    }

    private Session.Saved pkceLogin() throws Exception {
        var random = new SecureRandom();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        URI identity = client.endpoints().identity();
        String pkceScope = context.env().getOrDefault("ORDERFLOW_PKCE_SCOPE", "openid orders:read orders:write");
        String url = identity.resolve("/oauth2/authorize") + "?response_type=code&client_id=storefront"
                + "&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc(pkceScope) + "&state=" + state
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
        var out = client.out();
        out.println("Open this address in a browser and sign in (e.g. alice / alice-password):");
        out.println();
        out.println("  " + url);
        out.println();
        out.println("The browser then lands on " + REDIRECT + "?code=… (nothing needs to answer there).");
        out.print("Paste that whole address here: ");
        out.flush();
        String pasted = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)).readLine();
        if (pasted == null || pasted.isBlank()) {
            throw new CliException(CliException.USAGE, "no address pasted");
        }
        Map<String, String> query = query(URI.create(pasted.trim()).getRawQuery());
        if (query.containsKey("error")) {
            throw new CliException(CliException.USAGE_OR_LOGIN, "sign-in refused: " + query.get("error"));
        }
        if (!state.equals(query.get("state"))) {
            throw new CliException(CliException.USAGE_OR_LOGIN, "the address is not from this login (state differs)");
        }
        String code = query.get("code");
        if (code == null) {
            throw new CliException(CliException.USAGE, "the address has no code");
        }
        String form = "grant_type=authorization_code&client_id=storefront&code=" + enc(code) + "&redirect_uri="
                + enc(REDIRECT) + "&code_verifier=" + verifier;
        var answer = TokenEndpoint.post(identity, form);
        JsonNode body = answer.body();
        if (answer.status() != 200) {
            throw new CliException(
                    CliException.USAGE_OR_LOGIN,
                    "the code was refused: " + body.path("error").asString("HTTP " + answer.status()));
        }
        String access = body.path("access_token").asString();
        return new Session.Saved(
                access,
                context.clock().instant().plusSeconds(body.path("expires_in").asLong(300)),
                body.path("refresh_token").asString(null),
                "storefront",
                body.path("scope").asString(pkceScope),
                identity.toString(),
                subject(access));
    }

    /** The {@code sub} of a JWT, for the greeting only (the token is checked by the servers, not here). */
    static String subject(String jwt) {
        try {
            String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
            return JsonMapper.builder().build().readTree(payload).path("sub").asString(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> query(String raw) {
        var map = new LinkedHashMap<String, String>();
        if (raw == null) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
