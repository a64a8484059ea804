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
 * Per-caller rate limiting of {@code /api/**} with Bucket4j token buckets. The buckets live in a
 * {@link ProxyManager}: in memory by default, or any shared store Bucket4j supports (JDBC, Redis,
 * Hazelcast, ...) when several instances must share one budget. Headers follow
 * draft-ietf-httpapi-ratelimit-headers: {@code RateLimit-Policy: "name";q=..;w=..} and
 * {@code RateLimit: "name";r=..;t=..}.
 */
class RateLimitFilter extends OncePerRequestFilter {

    static final String POLICY = "per-client";

    private final ProxyManager<String> buckets;
    private final BucketConfiguration configuration;
    private final RateLimitProperties properties;
    private final ProblemResponses problems;

    RateLimitFilter(
            ProxyManager<String> buckets,
            BucketConfiguration configuration,
            RateLimitProperties properties,
            ProblemResponses problems) {
        this.buckets = buckets;
        this.configuration = configuration;
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ConsumptionProbe probe =
                buckets.getProxy(callerKey(request), () -> configuration).tryConsumeAndReturnRemaining(1);
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
            chain.doFilter(request, response);
            return;
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
    }

    /** Callers by {@link Caller#budgetKey()}; anonymous requests by address. */
    private static String callerKey(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return Caller.of(jwt).budgetKey();
        }
        return "address:" + request.getRemoteAddr();
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
