package dev.orderflow.webhooks.ssrf;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowedOrigins the development allow-list: origins ({@code http://localhost}, or with a port,
 *     {@code http://127.0.0.1:8087}) that may be plain http to loopback. Empty in production; the
 *     embedded default sets it ({@code ORDERFLOW_WEBHOOKS_GUARD_ALLOWEDORIGINS}).
 */
@ConfigurationProperties("orderflow.webhooks.guard")
public record GuardProperties(@DefaultValue List<String> allowedOrigins) {}
