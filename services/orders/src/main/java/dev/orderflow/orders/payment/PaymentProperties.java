package dev.orderflow.orders.payment;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param webhookSecrets the provider's {@code whsec_…} webhook secrets; every one is tried, so a
 *     rotation adds the new one before the provider switches ({@code ORDERFLOW_ORDERS_PAYMENTS_WEBHOOK_SECRETS});
 *     none: every webhook is refused
 */
@ConfigurationProperties("orderflow.orders.payments")
record PaymentProperties(@DefaultValue List<String> webhookSecrets) {}
