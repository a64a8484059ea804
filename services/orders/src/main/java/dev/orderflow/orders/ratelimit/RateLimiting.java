package dev.orderflow.orders.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.orderflow.defaults.ProblemResponses;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

@Configuration(proxyBeanMethods = false)
public class RateLimiting {

    /** In-memory buckets for one instance; define another {@code ProxyManager<String>} bean to share them. */
    @Bean
    @ConditionalOnMissingBean
    ProxyManager<String> rateLimitBuckets() {
        return Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder().maximumSize(100_000))
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    /**
     * The limit, in two places: {@link Filters#knownTokens()} as a servlet filter, right after the
     * correlation id and before anything else — the request's observation and security included
     * (its refusals are counted by a meter of their own); {@link Filters#afterAuthentication()}
     * inside the security chain, installed by {@code web}.
     */
    @Bean
    Filters rateLimitFilters(
            ProxyManager<String> rateLimitBuckets,
            RateLimitProperties properties,
            ProblemResponses problems,
            MeterRegistry meters) {
        var configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(properties.capacity())
                        .refillGreedy(properties.capacity(), properties.window())
                        .build())
                .build();
        var knownTokens = new KnownTokens(10_000, Clock.systemUTC());
        var limit = new RateLimitFilter(rateLimitBuckets, configuration, properties, problems, knownTokens);
        return new Filters(new KnownTokenFilter(limit, knownTokens, meters), limit);
    }

    @Bean
    FilterRegistrationBean<Filter> knownTokenFilter(Filters rateLimitFilters) {
        var registration = new FilterRegistrationBean<>(rateLimitFilters.knownTokens());
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /**
     * The request's observation (Spring MVC's {@link ServerHttpObservationFilter}, as Boot registers
     * it) moved from right after the correlation id to right after the early refusal, so that a
     * refused request is not observed (see {@link KnownTokenFilter}). Boot backs off for it.
     */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> observationAfterEarlyRefusal(
            ObservationRegistry observations, ObjectProvider<ServerRequestObservationConvention> convention) {
        var filter = new ServerHttpObservationFilter(
                observations, convention.getIfAvailable(DefaultServerRequestObservationConvention::new));
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    /** The two places of the limit (not beans of their own: neither may be registered twice). */
    public record Filters(Filter knownTokens, Filter afterAuthentication) {}
}
