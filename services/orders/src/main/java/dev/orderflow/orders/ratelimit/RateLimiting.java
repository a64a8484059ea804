package dev.orderflow.orders.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.orderflow.defaults.ProblemResponses;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import jakarta.servlet.Filter;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    /** Not a bean: the filter runs inside the security chain (after authentication), not as a servlet filter. */
    public static Filter filter(
            ProxyManager<String> buckets, RateLimitProperties properties, ProblemResponses problems) {
        var configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(properties.capacity())
                        .refillGreedy(properties.capacity(), properties.window())
                        .build())
                .build();
        return new RateLimitFilter(buckets, configuration, properties, problems);
    }
}
