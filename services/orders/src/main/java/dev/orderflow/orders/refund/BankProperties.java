package dev.orderflow.orders.refund;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How orders calls the partner bank, and how refunds are retried.
 *
 * @param url the bank's SOAP endpoint ({@code ORDERFLOW_ORDERS_BANK_URL})
 * @param username the WS-Security user ({@code ORDERFLOW_ORDERS_BANK_USERNAME})
 * @param password its password ({@code ORDERFLOW_ORDERS_BANK_PASSWORD}); sent only as a digest
 * @param connectTimeout to open a connection
 * @param readTimeout for the answer to one request; a refund whose answer is late is asked for again
 * @param firstRetry the wait before the second attempt after no answer; it grows exponentially,
 *     with jitter ({@code randomization}), up to {@code maxRetry}: a bank down for an hour is asked
 *     a few dozen times, not thousands
 * @param pollInterval how often an accepted refund's status is read until the bank has settled it
 * @param batch how many refunds one round of the job handles at most
 */
@ConfigurationProperties("orderflow.orders.bank")
public record BankProperties(
        @DefaultValue("http://localhost:8085/bank/ws") URI url,
        String username,
        String password,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("1s") Duration firstRetry,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("0.5") double randomization,
        @DefaultValue("5m") Duration maxRetry,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("50") int batch) {}
