package dev.orderflow.analytics.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Each client's query-cost budget: a Bucket4j token bucket of {@code budget} points per client,
 * refilled gradually over {@code budgetPeriod} (Shopify's calculated query cost model: a bucket,
 * a restore rate, and a throttle status on every response). Buckets live in memory per instance.
 */
@Component
public class CostBudgets {

    private final LimitsProperties limits;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    CostBudgets(LimitsProperties limits) {
        this.limits = limits;
    }

    /**
     * @param restoreRate points restored per second
     */
    public record Status(long maximumAvailable, long currentlyAvailable, double restoreRate) {}

    /** Spends {@code cost} from the client's budget; null when the budget has less left (nothing is spent). */
    Status spend(String key, int cost) {
        Bucket bucket = bucket(key);
        if (!bucket.tryConsume(cost)) {
            return null;
        }
        return status(bucket);
    }

    Status status(String key) {
        return status(bucket(key));
    }

    private Status status(Bucket bucket) {
        double perSecond = limits.budget() / (double) limits.budgetPeriod().toSeconds();
        return new Status(limits.budget(), bucket.getAvailableTokens(), Math.round(perSecond * 100) / 100.0);
    }

    private Bucket bucket(String key) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limits.budget())
                        .refillGreedy(limits.budget(), limits.budgetPeriod())
                        .build())
                .build());
    }
}
