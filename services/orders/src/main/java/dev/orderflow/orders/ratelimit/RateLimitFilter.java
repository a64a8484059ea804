package dev.orderflow.orders.ratelimit;

import dev.orderflow.defaults.ProblemResponses;
import dev.orderflow.defaults.Problems;
import dev.orderflow.defaults.security.Caller;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-caller rate limiting of {@code /api/**} with Bucket4j token buckets, after authentication (the
 * budget belongs to the caller a verified token names). The buckets live in a {@link ProxyManager}:
 * in memory by default, or any shared store Bucket4j supports (JDBC, Redis, Hazelcast, ...) when
 * several instances must share one budget. Headers follow draft-ietf-httpapi-ratelimit-headers:
 * {@code RateLimit-Policy: "name";q=..;w=..} and {@code RateLimit: "name";r=..;t=..}.
 *
 * <p>A request that {@link KnownTokenFilter} already counted (its token was verified before) is let
 * through; every other one is counted here, and its token remembered for the next time.
 */
class RateLimitFilter extends OncePerRequestFilter {

    static final String POLICY = "per-client";
    static final String COUNTED = RateLimitFilter.class.getName() + ".COUNTED";

    private final ProxyManager<String> buckets;
    private final BucketConfiguration configuration;
    private final RateLimitProperties properties;
    private final ProblemResponses problems;
    private final KnownTokens knownTokens;

    RateLimitFilter(
            ProxyManager<String> buckets,
            BucketConfiguration configuration,
            RateLimitProperties properties,
            ProblemResponses problems,
            KnownTokens knownTokens) {
        this.buckets = buckets;
        this.configuration = configuration;
        this.properties = properties;
        this.problems = problems;
        this.knownTokens = knownTokens;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || request.getAttribute(COUNTED) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key;
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            key = Caller.of(jwt).budgetKey();
            knownTokens.remember(jwt, key);
        } else {
            key = "address:" + request.getRemoteAddr(); // anonymous requests by address
        }
        if (admit(key, response)) {
            chain.doFilter(request, response);
        }
    }

    /**
     * Takes one request from the caller's bucket and writes the RateLimit headers; when the bucket is
     * empty, answers 429 with {@code Retry-After} and returns false.
     */
    boolean admit(String key, HttpServletResponse response) throws IOException {
        ConsumptionProbe probe = buckets.getProxy(key, () -> configuration).tryConsumeAndReturnRemaining(1);
        response.setHeader(
                "RateLimit-Policy",
                "\"%s\";q=%d;w=%d"
                        .formatted(
                                POLICY,
                                properties.capacity(),
                                properties.window().toSeconds()));
        response.setHeader(
                "RateLimit",
                "\"%s\";r=%d;t=%d"
                        .formatted(POLICY, probe.getRemainingTokens(), seconds(probe.getNanosToWaitForReset())));
        if (probe.isConsumed()) {
            return true;
        }
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        response.setHeader("Retry-After", String.valueOf(retryAfter));
        problems.write(
                response,
                Problems.of(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate-limited",
                        "Too many requests",
                        "Rate limit exceeded; retry in " + retryAfter + " s."));
        return false;
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
