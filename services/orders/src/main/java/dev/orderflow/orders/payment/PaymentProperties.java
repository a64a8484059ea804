package dev.orderflow.orders.payment;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param webhookSecrets the provider's {@code whsec_…} webhook secrets; every one is tried, so a
 *     rotation adds the new one before the provider switches ({@code ORDERFLOW_ORDERS_PAYMENTS_WEBHOOK_SECRETS});
 *     none: every webhook is refused
 * @param provider how orders calls the provider
 * @param reconciliationInterval how often the provider's event list is read for events webhooks missed
 * @param inboxRetention how long a processed event is remembered (to recognise a re-delivery): longer
 *     than the provider retries a webhook ({@code ORDERFLOW_ORDERS_PAYMENTS_INBOXRETENTION})
 */
@ConfigurationProperties("orderflow.orders.payments")
public record PaymentProperties(
        @DefaultValue List<String> webhookSecrets,
        @DefaultValue Provider provider,
        @DefaultValue("PT30S") Duration reconciliationInterval,
        @DefaultValue("P30D") Duration inboxRetention) {

    /**
     * @param baseUrl the provider's API ({@code ORDERFLOW_ORDERS_PAYMENTS_PROVIDER_BASE_URL})
     * @param secretKey orders' secret API key ({@code sk_…}, {@code ORDERFLOW_ORDERS_PAYMENTS_PROVIDER_SECRET_KEY});
     *     without one, no intent is created and orders wait for payment
     * @param connectTimeout to open a connection
     * @param readTimeout for the answer to one request
     * @param maxAttempts per call, the first included (every call is safe to repeat)
     * @param initialBackoff before the first retry, doubling with jitter up to {@code maxBackoff}
     * @param maxRetryAfter the longest Retry-After a call waits for in place; a longer one ends the
     *     call (the work is picked up again later)
     */
    public record Provider(
            @DefaultValue("http://localhost:8085") URI baseUrl,
            String secretKey,
            @DefaultValue("1s") Duration connectTimeout,
            @DefaultValue("3s") Duration readTimeout,
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("2s") Duration maxBackoff,
            @DefaultValue("5s") Duration maxRetryAfter) {}
}
