package dev.orderflow.inventory;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param reservationTtl how long a reservation is held before its stock returns
 *     ({@code ORDERFLOW_INVENTORY_RESERVATION_TTL})
 * @param expiryCheckInterval how often expired reservations are looked for
 */
@ConfigurationProperties("orderflow.inventory")
public record InventoryProperties(
        @DefaultValue("PT15M") Duration reservationTtl, @DefaultValue("PT10S") Duration expiryCheckInterval) {}
