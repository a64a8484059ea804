package dev.orderflow.defaults;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * The access token from {@code Authorization: Bearer <token>} exactly as RFC 6750 §2.1 writes it:
 * {@code "Bearer" 1*SP b64token}, the scheme case-insensitive (RFC 9110 §11.1). Spring Security's
 * default resolver accepts a single space only; a client that sends two gets a "malformed" 401
 * although its header is valid. Tokens are read from this header alone: never from a query
 * parameter (URLs end up in logs) or a form body.
 */
public class HeaderBearerTokenResolver implements BearerTokenResolver {

    private static final Pattern BEARER =
            Pattern.compile("Bearer +(?<token>[A-Za-z0-9\\-._~+/]+=*)", Pattern.CASE_INSENSITIVE);

    @Override
    public String resolve(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null; // no token, or another scheme: not ours to judge
        }
        Matcher matcher = BEARER.matcher(authorization);
        if (!matcher.matches()) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return matcher.group("token");
    }
}
