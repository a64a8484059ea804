package dev.orderflow.defaults.security;

import com.nimbusds.jose.KeySourceException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A token the service cannot verify because identity's keys cannot be fetched (identity down, a key
 * the service has not seen yet) is refused as an invalid token — 401 {@code invalid_token} over
 * HTTP, UNAUTHENTICATED over gRPC — and never waved through.
 *
 * <p>Spring Security treats a failed key fetch as its own failure (AuthenticationServiceException),
 * which no handler answers, so the request ended as a 500. Refusing it as invalid is what gateways
 * such as Envoy's jwt_authn do ("Jwks remote fetch is failed", 401); the description says why, and
 * the client's next step — a new token — fails clearly at identity while it is down. Tokens signed
 * with keys fetched before the outage keep verifying (the decoder's cache is untouched).
 */
public final class UnverifiableTokens implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof JwtDecoder decoder && !(bean instanceof Refusing)) {
            return new Refusing(decoder);
        }
        return bean;
    }

    private record Refusing(JwtDecoder delegate) implements JwtDecoder {
        @Override
        public org.springframework.security.oauth2.jwt.Jwt decode(String token) {
            try {
                return delegate.decode(token);
            } catch (BadJwtException invalid) {
                throw invalid;
            } catch (JwtException failed) {
                if (keysUnavailable(failed)) {
                    throw new BadJwtException(
                            "The token could not be verified: the keys that sign tokens could not be fetched"
                                    + " from identity",
                            failed);
                }
                throw failed;
            }
        }

        private static boolean keysUnavailable(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof KeySourceException || cause instanceof java.io.IOException) {
                    return true;
                }
            }
            return false;
        }
    }
}
