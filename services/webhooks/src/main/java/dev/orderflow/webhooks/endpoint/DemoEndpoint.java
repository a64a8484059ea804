package dev.orderflow.webhooks.endpoint;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The embedded default's demo endpoint: the launcher's receiver, registered for {@code owner} once,
 * with a secret the receiver was given too, so a newcomer sees signed deliveries at once. Nothing
 * happens unless {@code orderflow.webhooks.demo-endpoint.url} is set.
 */
@Component
class DemoEndpoint {

    static final String ID = "ep_demo";

    @ConfigurationProperties("orderflow.webhooks.demo-endpoint")
    record Settings(String url, String owner, String secret) {}

    private final EndpointDesk desk;
    private final Settings settings;

    DemoEndpoint(EndpointDesk desk, Settings settings) {
        this.desk = desk;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        if (settings.url() != null && !settings.url().isBlank()) {
            desk.registerDemo(ID, settings.owner(), settings.url(), settings.secret());
        }
    }
}
