package dev.orderflow.cli;

import dev.orderflow.sdk.Endpoints;
import dev.orderflow.sdk.auth.TokenSource;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * The token of {@code ./orderflow login}. An expired one is renewed with its refresh token (a
 * customer's PKCE login); a client-credentials login has none and asks for a new login.
 */
final class SavedLogin implements TokenSource {

    private final Cli.Context context;
    private final Endpoints endpoints;
    private Session.Saved saved;

    SavedLogin(Cli.Context context, Endpoints endpoints) {
        this.context = context;
        this.endpoints = endpoints;
    }

    @Override
    public synchronized String token() {
        if (saved == null) {
            saved = context.session()
                    .load()
                    .orElseThrow(
                            () -> new CliException(
                                    CliException.USAGE_OR_LOGIN,
                                    "not logged in: run ./orderflow login (or set ORDERFLOW_CLIENT_ID and ORDERFLOW_CLIENT_SECRET)"));
        }
        if (saved.expired(context.clock().instant())) {
            if (saved.refreshToken() == null) {
                throw new CliException(
                        CliException.USAGE_OR_LOGIN,
                        "the saved token expired at " + saved.expiresAt() + ": run ./orderflow login again");
            }
            saved = refresh(saved);
            context.session().save(saved);
        }
        return saved.accessToken();
    }

    @Override
    public synchronized boolean invalidate(String token) {
        if (saved == null
                || saved.refreshToken() == null
                || !saved.accessToken().equals(token)) {
            return false;
        }
        // Refused before its time (identity restarted with new keys, say): renew on the next call.
        saved = new Session.Saved(
                saved.accessToken(),
                java.time.Instant.EPOCH,
                saved.refreshToken(),
                saved.clientId(),
                saved.scope(),
                saved.identity(),
                saved.subject());
        return true;
    }

    private Session.Saved refresh(Session.Saved old) {
        URI identity = old.identity() == null ? endpoints.identity() : URI.create(old.identity());
        String form = "grant_type=refresh_token&client_id=" + URLEncoder.encode(old.clientId(), StandardCharsets.UTF_8)
                + "&refresh_token=" + URLEncoder.encode(old.refreshToken(), StandardCharsets.UTF_8);
        var answer = TokenEndpoint.post(identity, form);
        if (answer.status() != 200) {
            throw new CliException(
                    CliException.USAGE_OR_LOGIN,
                    "the saved login could not be renewed (" + answer.status()
                            + "): run ./orderflow login --pkce again");
        }
        JsonNode body = answer.body();
        return new Session.Saved(
                body.path("access_token").asString(),
                context.clock().instant().plusSeconds(body.path("expires_in").asLong(300)),
                body.path("refresh_token").asString(old.refreshToken()),
                old.clientId(),
                body.path("scope").asString(old.scope()),
                identity.toString(),
                old.subject());
    }
}
