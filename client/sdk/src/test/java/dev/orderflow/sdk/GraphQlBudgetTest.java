package dev.orderflow.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.sdk.graphql.GraphQlException;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GraphQL queries stay within analytics' query-cost budget: refused with THROTTLED, a read-only
 * query is asked again once the budget is restored; other errors are the caller's.
 */
class GraphQlBudgetTest {

    static final String THROTTLED =
            """
            {"errors":[{"message":"This client's query budget has less than the 600 points this operation costs",
              "extensions":{"code":"THROTTLED"}}],
             "extensions":{"cost":{"requestedQueryCost":600,
               "throttleStatus":{"maximumAvailable":10000,"currentlyAvailable":560,"restoreRate":1000}}}}""";

    static final String ANSWER =
            """
            {"data":{"statusCounts":[{"status":"PAID","count":3}]},
             "extensions":{"cost":{"requestedQueryCost":600,
               "throttleStatus":{"maximumAvailable":10000,"currentlyAvailable":9400,"restoreRate":1000}}}}""";

    final TestTime time = new TestTime();

    @org.junit.jupiter.api.AfterEach
    void stop() {
        time.shutdownNow();
    }

    Orderflow client(URI analytics) {
        var local = Endpoints.localhost();
        return Orderflow.builder()
                .endpoints(new Endpoints(
                        local.identity(),
                        local.orders(),
                        local.notifications(),
                        analytics,
                        local.webhooks(),
                        local.partners(),
                        local.inventory(),
                        local.shipping()))
                .bearerToken("t")
                .scheduler(time)
                .clock(time.clock())
                .build();
    }

    @Test
    void asksAgainOnceTheBudgetIsRestoredWhenAQueryIsThrottled() throws IOException {
        try (var server = new FakeServer()
                        .on("/graphql", (exchange, n) -> FakeServer.json(exchange, 200, n == 1 ? THROTTLED : ANSWER));
                var orderflow = client(server.uri())) {
            var data = orderflow.analytics().query("{ statusCounts { status count } }", Map.of());

            assertThat(data.path("statusCounts").get(0).path("count").asInt()).isEqualTo(3);
            assertThat(server.seen()).hasSize(2);
            // 40 points short at 1,000 a second: 40 ms before asking again.
            assertThat(time.waits()).containsExactly(java.time.Duration.ofMillis(40));
        }
    }

    @Test
    void givesOtherErrorsToTheCallerAtOnce() throws IOException {
        try (var server = new FakeServer()
                        .on(
                                "/graphql",
                                (exchange, n) -> FakeServer.json(
                                        exchange,
                                        200,
                                        "{\"errors\":[{\"message\":\"too deep\",\"extensions\":{\"code\":\"MAX_DEPTH\"}}]}"));
                var orderflow = client(server.uri())) {
            assertThatThrownBy(() -> orderflow.analytics().query("{ a { b { c } } }", Map.of()))
                    .isInstanceOfSatisfying(
                            GraphQlException.class, e -> assertThat(e.codes()).containsExactly("MAX_DEPTH"));
            assertThat(server.seen()).hasSize(1);
        }
    }
}
