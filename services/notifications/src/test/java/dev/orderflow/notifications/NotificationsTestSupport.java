package dev.orderflow.notifications;

import dev.orderflow.notifications.feed.Hub;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TestTokens;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The notifications service on a random port, reading the shared test broker; tokens signed by
 * {@link TestTokens}. Keepalive and heartbeats are fast and the buffer smaller, so that dead peers,
 * resyncs and slow consumers show within a test's patience. Each test uses customers of its own.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
            "orderflow.notifications.ping-interval=PT0.5S",
            "orderflow.notifications.sse-heartbeat=PT0.5S",
            "orderflow.notifications.buffer-size=1000",
            "orderflow.notifications.outbound-limit=32",
            "orderflow.notifications.allowed-origins=http://shop.test"
        })
@Import(NotificationsTestSupport.SmallSendBuffers.class)
abstract class NotificationsTestSupport {

    protected static final TestTokens tokens = new TestTokens();
    protected static final OrderEvents events = new OrderEvents(TestKafka.bootstrapServers());
    protected static final Duration SOON = Duration.ofSeconds(10);

    @LocalServerPort
    protected int port;

    @Autowired
    protected Hub hub;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", tokens::jwkSetUri);
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    }

    @BeforeEach
    void readingTheTopic() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> hub.position().asMap().size() == 6);
    }

    protected static String customer(String id) {
        return tokens.customer(id, "orders:read");
    }

    protected static String partner() {
        return tokens.partner("partner-acme", "orders:read");
    }

    protected static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Small socket send buffers (the kernel's default grows to megabytes on loopback): a client
     * that stops reading then makes its writer wait after a few dozen pushes, not after thousands.
     */
    @TestConfiguration
    static class SmallSendBuffers {
        @Bean
        TomcatConnectorCustomizer smallSendBuffers() {
            return connector -> connector.setProperty("socket.txBufSize", "8192");
        }
    }
}
