package dev.orderflow.notifications.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.notifications.push.Outbound.Closing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** One connection's backlog: bounded for live pushes, exempt for replays, closed with a reason. */
class OutboundTest {

    /** A client whose writes block until released, like a socket nobody reads. */
    static final class StuckClient implements Outbound.Transport<String> {
        final CountDownLatch released = new CountDownLatch(1);
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<Closing> closed = new CopyOnWriteArrayList<>();

        @Override
        public void send(String message) throws Exception {
            released.await();
            sent.add(message);
        }

        @Override
        public void keepalive() {}

        @Override
        public void close(Closing closing) {
            closed.add(closing);
        }
    }

    @Test
    void deliversInOrder() {
        var client = new StuckClient();
        client.released.countDown();
        var outbound = new Outbound<>("test", 10, client);

        outbound.push("a");
        outbound.push("b");
        outbound.push("c");

        await().atMost(Duration.ofSeconds(5)).until(() -> client.sent.size() == 3);
        assertThat(client.sent).containsExactly("a", "b", "c");
        outbound.stopped();
    }

    @Test
    void closesASlowConsumerWith1013WhenLivePushesPassTheLimit() {
        var client = new StuckClient();
        var outbound = new Outbound<>("slow", 3, client);

        for (int i = 0; i < 10; i++) {
            outbound.push("event-" + i);
        }
        client.released.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> !client.closed.isEmpty());
        assertThat(client.closed).containsExactly(Closing.SLOW_CONSUMER);
        assertThat(Closing.SLOW_CONSUMER.code).isEqualTo(1013);
        assertThat(outbound.isClosing()).isTrue();
        assertThat(client.sent).hasSizeLessThanOrEqualTo(1); // the one in the writer's hands, if any
    }

    @Test
    void replaysDoNotCountAgainstTheLimit() {
        var client = new StuckClient();
        var outbound = new Outbound<>("resuming", 3, client);

        for (int i = 0; i < 50; i++) {
            outbound.replay("missed-" + i);
        }
        outbound.push("live-1");
        outbound.push("live-2");
        client.released.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> client.sent.size() == 52);
        assertThat(client.closed).isEmpty();
        assertThat(client.sent.getLast()).isEqualTo("live-2");
        outbound.stopped();
    }

    @Test
    void aClosingConnectionTakesNoMorePushes() {
        var client = new StuckClient();
        client.released.countDown();
        var outbound = new Outbound<>("closing", 10, client);

        outbound.close(Closing.TOKEN_EXPIRED);
        outbound.push("late");
        outbound.replay("late replay");

        await().atMost(Duration.ofSeconds(5)).until(() -> !client.closed.isEmpty());
        assertThat(client.closed).containsExactly(Closing.TOKEN_EXPIRED);
        assertThat(client.sent).isEmpty();
    }

    @Test
    void anAbortKeepsThePendingReasonForTheClient() {
        var client = new StuckClient(); // never released: the writer is stuck on a dead peer
        var outbound = new Outbound<>("stuck", 1, client);
        outbound.push("a");
        outbound.push("b");
        outbound.push("c"); // over the limit: SLOW_CONSUMER pending behind the stuck write

        outbound.abort(Closing.DEAD_PEER);

        await().atMost(Duration.ofSeconds(5)).until(() -> !client.closed.isEmpty());
        assertThat(client.closed).containsExactly(Closing.SLOW_CONSUMER);
    }
}
