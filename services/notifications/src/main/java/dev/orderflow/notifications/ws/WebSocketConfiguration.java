package dev.orderflow.notifications.ws;

import dev.orderflow.notifications.NotificationsProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** {@code /ws}: the origin allow-list (others get a 403 and no upgrade) and the container's buffers. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    /**
     * Per-connection buffers are allocated up front by the container, for every connection: small
     * ones keep 10,000 connections cheap. Messages larger than the text buffer arrive in parts,
     * which {@link NotificationSocket} joins up to the 64 KiB limit.
     */
    static final int TEXT_BUFFER_CHARS = 1024;

    private final NotificationSocket socket;
    private final NotificationsProperties properties;

    WebSocketConfiguration(NotificationSocket socket, NotificationsProperties properties) {
        this.socket = socket;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(socket, "/ws")
                .setAllowedOrigins(properties.allowedOrigins().toArray(String[]::new));
    }

    /** Each connection's socket read and write buffers: 2 KiB rather than 8 (a push fits several times). */
    @Bean
    TomcatConnectorCustomizer smallSocketBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", "2048");
            connector.setProperty("socket.appWriteBufSize", "2048");
        };
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        var container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(TEXT_BUFFER_CHARS);
        container.setMaxBinaryMessageBufferSize(1024); // binary messages are refused (1003)
        container.setMaxSessionIdleTimeout(0L); // liveness is the keepalive's job (NotificationSocket)
        container.setAsyncSendTimeout(10_000L);
        return container;
    }
}
