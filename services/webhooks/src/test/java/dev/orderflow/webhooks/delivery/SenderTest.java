package dev.orderflow.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.webhooks.TestNames;
import dev.orderflow.webhooks.TestReceiver;
import dev.orderflow.webhooks.TestReceiver.Answer;
import dev.orderflow.webhooks.ssrf.GuardProperties;
import dev.orderflow.webhooks.ssrf.UrlGuard;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One attempt over real HTTP on loopback, with the allow-list naming only the test receiver's
 * origin, and a trip-wire that refuses (and records) any address outside loopback.
 */
class SenderTest {

    private final TestReceiver receiver = new TestReceiver();
    private final TestReceiver elsewhere = new TestReceiver();
    private final TestNames names = new TestNames();
    private final List<String> tripped = new CopyOnWriteArrayList<>();
    private final DeliveryProperties properties = new DeliveryProperties(
            List.of(Duration.ofSeconds(5)),
            0.2,
            Duration.ofHours(24),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            4,
            64,
            4096,
            Duration.ofDays(5),
            Duration.ofMillis(250),
            Duration.ofSeconds(1),
            Duration.ofDays(30));
    private final Sender sender = new Sender(
            properties,
            new UrlGuard(new GuardProperties(List.of("http://localhost:" + receiver.port())), names),
            guarded -> new DnsResolver() {
                @Override
                public InetAddress[] resolve(String host) throws UnknownHostException {
                    InetAddress[] addresses = guarded.resolve(host);
                    for (InetAddress address : addresses) {
                        if (!address.isLoopbackAddress()) {
                            tripped.add(host + " -> " + address);
                            throw new UnknownHostException("trip-wire");
                        }
                    }
                    return addresses;
                }

                @Override
                public String resolveCanonicalHostname(String host) {
                    return host;
                }
            });

    @AfterEach
    void close() throws Exception {
        assertThat(tripped).isEmpty();
        sender.close();
        receiver.close();
        elsewhere.close();
    }

    @Test
    void aRedirectIsAFailedAttemptAndIsNeverFollowed() {
        receiver.answer("/redirect", Answer.header(307, "Location", elsewhere.url("/internal")));

        Sender.Outcome outcome = sender.send(URI.create(receiver.url("/redirect")), Map.of(), "{}");

        assertThat(outcome.status()).isEqualTo(307);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(elsewhere.at("/internal")).isEmpty();
    }

    @Test
    void theClientConnectsOnlyToAddressesTheGuardApproved() {
        names.map("merchant.test", "10.0.0.1");

        Sender.Outcome outcome = sender.send(URI.create("https://merchant.test/hook"), Map.of(), "{}");

        assertThat(outcome.status()).isNull();
        assertThat(outcome.error()).startsWith("unsafe-url").contains("10.0.0.1");
    }

    @Test
    void aHangingReceiverTimesOutWithinTheDeadline() {
        receiver.answer("/hang", Answer.hanging());

        Sender.Outcome outcome = sender.send(URI.create(receiver.url("/hang")), Map.of(), "{}");

        assertThat(outcome.error()).startsWith("timeout");
        assertThat(outcome.latency()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
    }

    @Test
    void readsAtMostTheBodyLimitAndHonoursRetryAfterOnlyOn429And503() {
        receiver.answer("/big", new Answer(503, Map.of("Retry-After", "30"), "x".repeat(100_000), false));
        receiver.answer("/teapot", new Answer(418, Map.of("Retry-After", "30"), "short", false));

        Sender.Outcome big = sender.send(URI.create(receiver.url("/big")), Map.of(), "{}");
        Sender.Outcome teapot = sender.send(URI.create(receiver.url("/teapot")), Map.of(), "{}");

        assertThat(big.body()).hasSize(4096);
        assertThat(big.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(teapot.body()).isEqualTo("short");
        assertThat(teapot.retryAfter()).isEmpty();
    }
}
