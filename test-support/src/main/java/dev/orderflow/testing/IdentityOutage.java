package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What every service that checks tokens must do while identity is down, asserted the same way for
 * each: a token issued before the outage keeps working (the service verifies it with the keys it
 * already fetched), a token no key it has can verify is refused — the service fails closed, it
 * does not wave a token through because it could not fetch keys — and the failed fetch does not
 * make it forget the keys it had.
 */
public final class IdentityOutage {

    private IdentityOutage() {}

    /**
     * @param claims a token's claims the service accepts
     * @param call one call to the service with a token; returns its status (HTTP, or a gRPC code)
     * @param accepted the status of an accepted call
     * @param refused the status of a refused token (401, UNAUTHENTICATED)
     */
    public static void assertIssuedTokensWorkAndUnverifiableOnesAreRefused(
            TestTokens tokens,
            Supplier<JWTClaimsSet.Builder> claims,
            ToIntFunction<String> call,
            int accepted,
            int refused)
            throws Exception {
        String issued = tokens.sign(claims.get());
        assertThat(call.applyAsInt(issued))
                .as("identity up: the token is accepted")
                .isEqualTo(accepted);

        try (var outage = tokens.outage()) {
            assertThat(call.applyAsInt(issued))
                    .as("identity down: a token issued before still works")
                    .isEqualTo(accepted);
            assertThat(call.applyAsInt(tokens.signWithUnpublishedKey(claims.get())))
                    .as("identity down: a token signed by a key the service cannot fetch is refused")
                    .isEqualTo(refused);
            assertThat(call.applyAsInt(issued))
                    .as("identity down: after the failed fetch, the known key still verifies")
                    .isEqualTo(accepted);
        }

        assertThat(call.applyAsInt(tokens.signWithUnpublishedKey(claims.get())))
                .as("identity back: still refused (identity never published that key)")
                .isEqualTo(refused);
        assertThat(call.applyAsInt(tokens.sign(claims.get())))
                .as("identity back: a new token is accepted")
                .isEqualTo(accepted);
    }
}
