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
 * @param webhooks how events are delivered to the accounts' endpoints
 * @param faults how badly the provider behaves at start (changed at runtime by {@code /admin/faults})
 * @param adminKey the key of {@code /admin/**}; none: the admin API is closed
 */
@ConfigurationProperties("orderflow.partners.psp")
public record PspProperties(
        @DefaultValue List<Account> accounts,
        @DefaultValue("PT5S") Duration processingDelay,
        @DefaultValue("PT1S") Duration processingCheckInterval,
        @DefaultValue("PT24H") Duration idempotencyRetention,
        @DefaultValue Webhooks webhooks,
        @DefaultValue Faults.Settings faults,
        String adminKey) {

    /**
     * A merchant account, its two API keys, and where its events go.
     *
     * @param webhookUrl the endpoint events are POSTed to; none: events are only listed
     * @param webhookSecrets {@code whsec_…} secrets; every one signs each delivery, so a receiver
     *     keeps verifying while the secret rotates (the first is the current one)
     */
    public record Account(
            String id, String secretKey, String publishableKey, String webhookUrl, List<String> webhookSecrets) {

        public Account {
            webhookSecrets = webhookSecrets == null ? List.of() : List.copyOf(webhookSecrets);
            if (webhookUrl != null && !webhookUrl.isBlank() && webhookSecrets.isEmpty()) {
                // Unsigned webhooks would be refused by every receiver that checks them (as it must).
                throw new IllegalArgumentException(
                        "account " + id + " has a webhook-url but no webhook-secrets (whsec_...) to sign with");
            }
        }
    }

    /**
     * @param retrySchedule the waits between a failed attempt and the next; after the last one the
     *     delivery is given up (a consumer reconciles from the event list). Compressed in tests.
     * @param timeout how long one attempt may take (connect and answer)
     * @param sendInterval how often due deliveries are sent
     * @param chaosDelay for {@code pm_card_visa_chaoticWebhooks} and the duplicate and delay faults:
     *     how far apart the duplicated and reordered deliveries are
     */
    public record Webhooks(
            @DefaultValue({"PT5S", "PT1M", "PT5M", "PT30M", "PT2H", "PT5H", "PT10H", "PT10H"})
                    List<Duration> retrySchedule,
            @DefaultValue("PT10S") Duration timeout,
            @DefaultValue("PT0.2S") Duration sendInterval,
            @DefaultValue("PT1S") Duration chaosDelay) {}
}
