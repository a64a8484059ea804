package dev.orderflow.orders.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A servlet filter that counts a request against its caller's budget <em>before</em> its token is
 * verified, when the token is one this instance verified earlier ({@link KnownTokens}): a caller
 * over its limit is answered 429 without the signature check, the JWT parsing and the rest of
 * authentication, so a client hammering at its limit costs its neighbours as little as possible
 * (NoisyNeighbourTest: the quiet client's p99 ratio was 1.156 without it, 0.80–0.86 with it). A
 * request it lets through is marked counted and still authenticated in full; an unknown token is
 * left to {@link RateLimitFilter} after authentication (an invalid one gets its 401 there, never a
 * 429 from here).
 *
 * <p>It runs before the request's observation ({@link RateLimiting}): a refusal here makes no span,
 * no log line and no http.server.requests sample — a caller flooding at three times its budget
 * would otherwise have its neighbours' instance export and log hundreds of refusals a second (the
 * quiet client's p99 ratio went to 1.04–1.25 with them traced and logged) — and is counted by
 * {@code orderflow.ratelimit.early.refused} instead.
 */
class KnownTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final RateLimitFilter limit;
    private final KnownTokens knownTokens;
    private final Counter refused;

    KnownTokenFilter(RateLimitFilter limit, KnownTokens knownTokens, MeterRegistry meters) {
        this.limit = limit;
        this.knownTokens = knownTokens;
        this.refused = Counter.builder("orderflow.ratelimit.early.refused")
                .description("Requests refused (429) before their token was verified again; not in"
                        + " http.server.requests, not traced, not logged")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String key = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? knownTokens.budgetKeyOf(
                        authorization.substring(BEARER.length()).trim())
                : null;
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(RateLimitFilter.COUNTED, Boolean.TRUE);
        // The security chain's headers, for an answer written before it runs (it keeps them).
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
        if (limit.admit(key, response)) {
            chain.doFilter(request, response);
        } else {
            refused.increment();
        }
    }
}
