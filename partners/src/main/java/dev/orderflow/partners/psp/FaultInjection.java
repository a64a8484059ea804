package dev.orderflow.partners.psp;

import dev.orderflow.defaults.ProblemResponses;
import dev.orderflow.defaults.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the {@link Faults} to the API, before anything else runs: a request refused with 503 or
 * 429 has done nothing, as with a real provider's load shedding. Hand-written because it simulates
 * a misbehaving server; no library plays one.
 */
@Configuration(proxyBeanMethods = false)
class FaultInjection {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> faultFilter(Faults faults, ProblemResponses problems) {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !request.getRequestURI().startsWith("/v1/");
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Faults.Settings now = faults.settings();
                if (now.latencyMillis() > 0) {
                    // The fault itself: a slow provider (on a virtual thread, so it holds no platform thread).
                    try {
                        Thread.sleep(now.latencyMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                double roll = ThreadLocalRandom.current().nextDouble();
                if (roll < now.errorRate()) {
                    problems.write(
                            response,
                            Problems.of(
                                    HttpStatus.SERVICE_UNAVAILABLE,
                                    "service-unavailable",
                                    "Service unavailable",
                                    "The provider is unavailable (injected fault); nothing was done. Retry later."));
                    return;
                }
                if (roll < now.errorRate() + now.rateLimitRate()) {
                    response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(now.retryAfterSeconds()));
                    problems.write(
                            response,
                            Problems.of(
                                    HttpStatus.TOO_MANY_REQUESTS,
                                    "rate-limited",
                                    "Too many requests",
                                    "Rate limit exceeded (injected fault); nothing was done. Retry in "
                                            + now.retryAfterSeconds() + " s."));
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20); // after correlation ids, before security
        return registration;
    }
}
