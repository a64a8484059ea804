package dev.orderflow.notifications;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param bufferSize how many recent events are kept for resume (across all orders)
 * @param warmUp at start, how far back in the topic to read to fill the buffer (so that clients of
 *     an instance that restarted can still resume)
 * @param outboundLimit live pushes that may wait for one slow client before it is closed (1013)
 * @param pingInterval WebSocket keepalive; a peer silent for two intervals is closed
 * @param maxMessageSize the largest inbound WebSocket message (bigger: close 1009)
 * @param maxSubscriptions per WebSocket connection
 * @param allowedOrigins browser origins allowed to open a WebSocket (others: 403)
 * @param sseHeartbeat interval of SSE comment lines that keep proxies from closing idle streams
 * @param sseRetry the reconnection delay SSE clients are told to use
 */
@ConfigurationProperties("orderflow.notifications")
public record NotificationsProperties(
        @DefaultValue("10000") int bufferSize,
        @DefaultValue("PT1H") Duration warmUp,
        @DefaultValue("256") int outboundLimit,
        @DefaultValue("PT20S") Duration pingInterval,
        @DefaultValue("64KB") DataSize maxMessageSize,
        @DefaultValue("100") int maxSubscriptions,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("PT15S") Duration sseHeartbeat,
        @DefaultValue("PT3S") Duration sseRetry) {}
