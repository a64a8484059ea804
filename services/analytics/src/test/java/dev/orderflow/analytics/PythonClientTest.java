package dev.orderflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.analytics.readmodel.Changes;
import dev.orderflow.testing.OrderEvents;
import dev.orderflow.testing.TestKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Interop: a dashboard nobody here wrote the client of, in Python with Debian's python3-requests
 * and python3-websockets (installed by .ci/run), queries over HTTP and subscribes over
 * graphql-transport-ws, unchanged; and a bad token is refused, never acknowledged.
 */
class PythonClientTest extends AnalyticsTestSupport {

    @Autowired
    Changes changes;

    @Test
    void pythonsRequestsAndWebsocketsQueryAndSubscribe() throws Exception {
        try (var events = new OrderEvents(TestKafka.bootstrapServers())) {
            String customer = "py-" + System.nanoTime();
            var known = new OrderEvents.Life(
                    customer, "PY-001", 1, 1500, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            events.send(known.placed());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !graphql("{ order(id: \"" + known.orderId + "\") { id } }")
                            .data()
                            .path("order")
                            .isNull());

            int listeners = changes.orderSubscribers();

            var process = new ProcessBuilder(
                            "/usr/bin/python3",
                            Path.of("src/test/python/analytics_client.py")
                                    .toAbsolutePath()
                                    .toString(),
                            "http://127.0.0.1:" + port,
                            dashboard("analytics:read"),
                            known.orderId.toString(),
                            customer)
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = new ArrayList<>();
            try (var output =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                    lines.add(line);
                    if (line.equals("READY")) { // subscribed: send once the server has it listening
                        await().atMost(Duration.ofSeconds(10)).until(() -> changes.orderSubscribers() > listeners);
                        events.send(known.paymentUpdated());
                    }
                }
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
            assertThat(lines)
                    .contains(
                            "ORDER " + known.orderId + " AWAITING_PAYMENT",
                            "READY",
                            "UPDATE " + known.orderId + " AWAITING_PAYMENT");
            // refused, never acknowledged: 4401, or 1006 when the close frame is lost (see the schema)
            assertThat(lines).containsAnyOf("REFUSED 4401", "REFUSED 1006");
        }
    }
}
