package dev.orderflow.webhooks.endpoint;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secretOverlap how long the previous secret keeps signing after a rotation
 *     ({@code ORDERFLOW_WEBHOOKS_ENDPOINTS_SECRETOVERLAP})
 */
@ConfigurationProperties("orderflow.webhooks.endpoints")
public record EndpointProperties(@DefaultValue("P1D") Duration secretOverlap) {}
