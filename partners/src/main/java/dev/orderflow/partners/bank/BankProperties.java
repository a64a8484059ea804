package dev.orderflow.partners.bank;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated partner bank.
 *
 * @param users WS-Security user name → password (the digest needs the password itself); none: every request is refused
 * @param settleAfter how long after it is accepted a refund is settled (the bank settles asynchronously)
 * @param settleInterval how often refunds due are settled
 * @param blockedAccounts merchant accounts whose payments may not be refunded now (AccountBlockedFault)
 * @param rejectedReasons a refund whose reason contains one of these is REJECTED at settlement (for demos and tests)
 * @param maxRequestBytes the largest request accepted; a larger one is a client fault
 * @param clockSkew how far a UsernameToken's Created or a Timestamp may be from the bank's clock
 * @param faults the fault knobs ({@link BankChaos}), all off by default
 */
@ConfigurationProperties("orderflow.partners.bank")
public record BankProperties(
        @DefaultValue Map<String, String> users,
        @DefaultValue("PT3S") Duration settleAfter,
        @DefaultValue("PT0.5S") Duration settleInterval,
        @DefaultValue List<String> blockedAccounts,
        @DefaultValue List<String> rejectedReasons,
        @DefaultValue("65536") int maxRequestBytes,
        @DefaultValue("PT5M") Duration clockSkew,
        @DefaultValue BankChaos.Settings faults) {}
