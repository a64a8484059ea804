package dev.orderflow.shipping.shipment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated courier clock.
 *
 * @param stepInterval a shipment moves one tracking step per interval
 *     ({@code ORDERFLOW_SHIPPING_STEP_INTERVAL}; seconds for demos and tests)
 * @param tick how often the clock looks for shipments whose next step is due
 */
@ConfigurationProperties("orderflow.shipping")
public record ShippingProperties(@DefaultValue("PT20S") Duration stepInterval, @DefaultValue("PT1S") Duration tick) {}
