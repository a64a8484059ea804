package dev.orderflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.testing.SocketClient;
import dev.orderflow.testing.SseClient;
import dev.orderflow.testing.TestKafka;
import dev.orderflow.testing.TestTokens;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** At-least-once in, exactly-once out: duplicates, and several instances of the service. */
class DeliveryTest extends NotificationsTestSupport {

    @Test
    void anEventPublishedTwiceIsPushedOnce() throws Exception {
        String tom = unique("tom");
        UUID order = UUID.randomUUID();
        try (var socket = SocketClient.connect(port, customer(tom))) {
            socket.send("{\"type\":\"subscribe\",\"topic\":\"orders\"}").next("subscribed", SOON);

            CloudEvent once = events.cancelled(order, tom);
            events.send(once); // the outbox published it again (a lost acknowledgement, a restart)
            events.changed(order, tom, 3); // and something after it, to know the duplicate was read

            assertThat(socket.next("event", SOON).get("event_id").asText()).isEqualTo(once.getId());
            assertThat(socket.next("event", SOON).get("sequence").asLong()).isEqualTo(3);
            socket.assertNothingFor(Duration.ofMillis(500));
        }
    }

    @Test
    void withTwoInstancesAClientOnEachReceivesEveryEventOfItsOrders() throws Exception {
        String uma = unique("uma");
        try (var second = startAnotherInstance()) {
            int otherPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            try (var onFirst = SocketClient.connect(port, customer(uma));
                    var onSecond = SocketClient.connect(otherPort, customer(uma));
                    var sseOnSecond = SseClient.open(otherPort, "/api/events", customer(uma), null)) {
                onFirst.send("{\"type\":\"subscribe\",\"topic\":\"orders\"}").next("subscribed", SOON);
                onSecond.send("{\"type\":\"subscribe\",\"topic\":\"orders\"}").next("subscribed", SOON);

                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 20; i++) { // 20 orders: spread over every partition
                    sent.add(events.cancelled(UUID.randomUUID(), uma).getId());
                }

                assertThat(eventIds(onFirst, 20)).containsExactlyInAnyOrderElementsOf(sent);
                List<String> second20 = eventIds(onSecond, 20);
                assertThat(second20).containsExactlyInAnyOrderElementsOf(sent);
                List<String> sse = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    sse.add(new JsonMapper()
                            .readTree(sseOnSecond.next(SOON).data())
                            .get("event_id")
                            .asString());
                }
                assertThat(sse).containsExactlyInAnyOrderElementsOf(sent);
            }
        }
    }

    @Test
    void aPositionFromOneInstanceResumesOnAnother() throws Exception {
        String vera = unique("vera");
        UUID order = UUID.randomUUID();
        String lastSeen;
        try (var socket = SocketClient.connect(port, customer(vera))) {
            socket.send("{\"type\":\"subscribe\",\"topic\":\"orders\"}").next("subscribed", SOON);
            events.changed(order, vera, 2);
            lastSeen = socket.next("event", SOON).get("id").asText();
        }
        events.changed(order, vera, 3);
        events.changed(order, vera, 4);
        try (var second = startAnotherInstance()) {
            int otherPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            try (var socket = SocketClient.connect(otherPort, customer(vera))) {
                socket.send("{\"type\":\"subscribe\",\"topic\":\"orders\",\"last_event_id\":\"" + lastSeen + "\"}");
                socket.next("subscribed", SOON);
                assertThat(socket.next("event", SOON).get("sequence").asLong()).isEqualTo(3);
                assertThat(socket.next("event", SOON).get("sequence").asLong()).isEqualTo(4);
                socket.assertNothingFor(Duration.ofMillis(300));
            }
        }
    }

    private static List<String> eventIds(SocketClient socket, int count) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode push = socket.next("event", SOON);
            ids.add(push.get("event_id").asText());
        }
        return ids;
    }

    private static ConfigurableApplicationContext startAnotherInstance() {
        var context = new SpringApplicationBuilder(NotificationsApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + tokens.jwkSetUri(),
                        "--orderflow.notifications.buffer-size=1000");
        var hub = context.getBean(dev.orderflow.notifications.feed.Hub.class);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> hub.position().asMap().size() == 6);
        return context;
    }
}
