package dev.orderflow.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.sdk.live.OrderEvent;
import dev.orderflow.sdk.stream.Listener;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The SSE subscription reconnects after the server drops the stream and resumes with
 * {@code Last-Event-ID}: each event once, in order. (The WebSocket side is exercised against the
 * real notifications service in the e2e module.)
 */
class SseResumeTest {

    static String event(int n) {
        String id = "0:" + n;
        return "event: order_event\nid: " + id + "\ndata: {\"type\":\"event\",\"topic\":\"orders\",\"id\":\"" + id
                + "\",\"event_id\":\"e-" + n + "\",\"event_type\":\"dev.orderflow.order.placed\","
                + "\"order_id\":\"o-" + n + "\",\"sequence\":1,\"new_status\":\"AWAITING_PAYMENT\","
                + "\"time\":\"2026-12-02T10:00:00Z\"}\n\n";
    }

    @Test
    void resumesFromTheLastEventIdAfterTheStreamDrops() throws IOException {
        var lastEventIds = new CopyOnWriteArrayList<String>();
        var tokens = new AtomicInteger();
        var ended = new java.util.concurrent.CountDownLatch(1);
        try (var server = new FakeServer().on("/api/events", (exchange, n) -> {
                    lastEventIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
                    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    var body = exchange.getResponseBody();
                    body.write("retry: 3000\n\n: keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                    int from = n == 1 ? 1 : 3;
                    for (int i = from; i < from + 2; i++) {
                        body.write(event(i).getBytes(StandardCharsets.UTF_8));
                        body.flush();
                    }
                    if (n == 1) {
                        exchange.close(); // the connection drops
                    } else {
                        ended.await(30, java.util.concurrent.TimeUnit.SECONDS); // open until the test ends
                        exchange.close();
                    }
                });
                var orderflow = Orderflow.builder()
                        .endpoints(new Endpoints(
                                URI.create("http://127.0.0.1:1"),
                                URI.create("http://127.0.0.1:1"),
                                server.uri(),
                                URI.create("http://127.0.0.1:1"),
                                URI.create("http://127.0.0.1:1"),
                                URI.create("http://127.0.0.1:1"),
                                "127.0.0.1:1",
                                "127.0.0.1:1"))
                        .tokens(() -> "token-" + tokens.incrementAndGet())
                        .build()) {
            var received = new CopyOnWriteArrayList<OrderEvent>();
            var subscription = orderflow.events().sse(null, null, new Listener<>() {
                @Override
                public void onItem(OrderEvent event) {
                    received.add(event);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
            subscription.close();
            ended.countDown();

            assertThat(received).extracting(OrderEvent::orderId).containsExactly("o-1", "o-2", "o-3", "o-4");
            assertThat(received).extracting(OrderEvent::position).containsExactly("0:1", "0:2", "0:3", "0:4");
            assertThat(lastEventIds).containsExactly("null", "0:2");
        }
    }
}
