package dev.orderflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.sdk.Endpoints;
import dev.orderflow.sdk.Orderflow;
import dev.orderflow.sdk.auth.TokenSource;
import dev.orderflow.sdk.live.OrderEvent;
import dev.orderflow.sdk.stream.Listener;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK's live-event client against this service: tokens that live two seconds make the server
 * end the connection (WebSocket close 1008, the end of the SSE stream); the client comes back with
 * a fresh token and the last position, and every event, including those published while it was
 * away, arrives once and in order.
 */
class SdkClientTest extends NotificationsTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"ws", "sse"})
    void reconnectsWithAFreshTokenAndResumesEveryEventOnce(String transport) {
        String kim = unique("kim");
        UUID order = UUID.randomUUID();
        var issued = new AtomicInteger();
        TokenSource shortLived = new TokenSource() {
            @Override
            public String token() {
                issued.incrementAndGet();
                return tokens.customer(kim, Duration.ofSeconds(2), "orders:read");
            }

            @Override
            public boolean invalidate(String token) {
                return true;
            }
        };
        var received = new CopyOnWriteArrayList<OrderEvent>();
        var drops = new AtomicInteger();
        var connections = new AtomicInteger();
        var local = Endpoints.localhost();
        try (var sdk = Orderflow.builder()
                .endpoints(new Endpoints(
                        local.identity(),
                        local.orders(),
                        URI.create("http://localhost:" + port),
                        local.analytics(),
                        local.webhooks(),
                        local.partners(),
                        local.inventory(),
                        local.shipping()))
                .tokens(shortLived)
                .build()) {
            Listener<OrderEvent> listener = new Listener<>() {
                @Override
                public void onItem(OrderEvent event) {
                    received.add(event);
                }

                @Override
                public void onConnected() {
                    connections.incrementAndGet();
                }

                @Override
                public void onReconnecting(Throwable cause, Duration wait) {
                    if (drops.incrementAndGet() == 1) {
                        // Published while the client is away: it must get them by resuming.
                        events.changed(order, kim, 3);
                        events.changed(order, kim, 4);
                    }
                }
            };
            var live = sdk.events();
            try (var subscription =
                    "ws".equals(transport) ? live.websocket(null, null, listener) : live.sse(null, null, listener)) {
                await().atMost(SOON).until(() -> connections.get() == 1);
                events.changed(order, kim, 2);
                await().atMost(SOON).until(() -> received.size() == 1);

                // The token expires: the server ends the connection, the client resumes.
                await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 3 && connections.get() >= 2);
                events.changed(order, kim, 5); // live again
                await().atMost(SOON).until(() -> received.size() >= 4);
            }
        }
        List<Long> sequences = received.stream().map(OrderEvent::sequence).toList();
        assertThat(sequences).containsExactly(2L, 3L, 4L, 5L);
        assertThat(received).extracting(OrderEvent::orderId).containsOnly(order.toString());
        assertThat(drops.get()).isGreaterThanOrEqualTo(1);
        assertThat(issued.get()).isGreaterThanOrEqualTo(2); // a fresh token for the new connection
    }
}
