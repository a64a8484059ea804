package dev.orderflow.partners.psp;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * How badly the provider behaves right now: the fault knobs tests, benches and demos turn. They start
 * from configuration ({@code orderflow.partners.psp.faults.*}) and can be changed at runtime through
 * {@code /admin/faults} with the admin key. A real provider has bad days; its consumers must cope.
 */
@Component
class Faults {

    /**
     * @param latencyMillis added to every API response
     * @param errorRate the share of API requests answered 503 (nothing is done for them)
     * @param rateLimitRate the share of API requests answered 429 with {@code Retry-After}
     * @param retryAfterSeconds the {@code Retry-After} of those 429s
     * @param webhookDropRate the share of webhook deliveries silently lost
     * @param webhookDuplicateRate the share of events whose webhook is delivered twice
     * @param webhookDelayRate the share of events whose webhook is held back, so later ones overtake it
     */
    record Settings(
            @DefaultValue("0") @Min(0) @Max(60_000) long latencyMillis,
            @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double errorRate,
            @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double rateLimitRate,
            @DefaultValue("1") @Min(1) @Max(3600) int retryAfterSeconds,
            @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double webhookDropRate,
            @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double webhookDuplicateRate,
            @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double webhookDelayRate) {}

    private volatile Settings settings;

    Faults(PspProperties properties) {
        this.settings = properties.faults();
    }

    Settings settings() {
        return settings;
    }

    void change(Settings settings) {
        this.settings = settings;
    }
}
