package dev.orderflow.webhooks.signing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rotationPeriod how long an Ed25519 key signs before the next one takes over
 * @param retiredPublished how long a retired key stays in the JWKS (receivers' caches, late retries)
 * @param checkInterval how often rotation is considered
 */
@ConfigurationProperties("orderflow.webhooks.signing")
public record SigningProperties(
        @DefaultValue("P30D") Duration rotationPeriod,
        @DefaultValue("P1D") Duration retiredPublished,
        @DefaultValue("PT1H") Duration checkInterval) {}
