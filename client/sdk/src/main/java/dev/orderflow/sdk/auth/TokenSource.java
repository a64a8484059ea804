package dev.orderflow.sdk.auth;

/** Where the bearer token of each call comes from. Implementations are thread-safe. */
public interface TokenSource {

    /** A token valid now (fetched or refreshed if needed). */
    String token();

    /**
     * The server refused {@code token} (401): forget it, so the next {@link #token()} gets a new one.
     *
     * @return whether a new token can be had (a retry of the call makes sense)
     */
    default boolean invalidate(String token) {
        return false;
    }

    /** A token the user already has (e.g. from a PKCE login); never refreshed. */
    static TokenSource of(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            throw new IllegalArgumentException("a bearer token is required");
        }
        return () -> bearerToken;
    }
}
