package dev.orderflow.partners.psp;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The provider's accounts and behaviour. Outside the embedded profile there are no accounts until
 * configured ({@code ORDERFLOW_PARTNERS_PSP_ACCOUNTS_0_ID}, {@code ..._SECRET_KEY}, {@code ..._PUBLISHABLE_KEY}).
 *
 * @param processingDelay how long {@code pm_card_delayed} stays {@code processing}
 * @param processingCheckInterval how often processing intents whose time has come are settled
 * @param idempotencyRetention how long an Idempotency-Key is remembered
 */
@ConfigurationProperties("orderflow.partners.psp")
public record PspProperties(
        @DefaultValue List<Account> accounts,
        @DefaultValue("PT5S") Duration processingDelay,
        @DefaultValue("PT1S") Duration processingCheckInterval,
        @DefaultValue("PT24H") Duration idempotencyRetention) {

    /** A merchant account and its two API keys. */
    public record Account(String id, String secretKey, String publishableKey) {}
}
