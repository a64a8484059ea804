package dev.orderflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.testing.OrderEvents;
import dev.orderflow.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GraphQL API over HTTP: who may ask, what a query costs in SQL statements (no N+1), the limits
 * (each refused with its code before any SQL runs), personal data behind its scope, freshness and
 * read-your-writes.
 */
class GraphQlApiTest extends AnalyticsTestSupport {

    private static OrderEvents events;
    private static final List<UUID> orders = new ArrayList<>();

    @BeforeAll
    static void someOrders() {
        events = new OrderEvents(TestKafka.bootstrapServers());
        for (int i = 0; i < 12; i++) {
            var life = new OrderEvents.Life(
                    "gina-" + (i % 4),
                    "GQL-00" + (i % 3),
                    1 + i % 2,
                    1000 + i,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS));
            events.send(life.placed());
            events.send(life.paymentUpdated());
            if (i % 2 == 0) {
                events.send(life.paid());
            }
            orders.add(life.orderId);
        }
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private void awaitAll() {
        await().atMost(Duration.ofSeconds(20)).until(() -> orders.stream()
                .allMatch(id -> graphql("{ order(id: \"" + id + "\") { version } }")
                                .data()
                                .path("order")
                                .path("version")
                                .asInt()
                        >= 2));
    }

    @Test
    void aPageOfOrdersWithTheirCustomersLinesAndProductsTakesThreeStatements() {
        awaitAll();
        resetStatements();

        var answer = graphql(
                """
                { orders(first: 100) { edges { node { id customer { id orderCount }
                    items { quantity product { sku name } } } } } }""");

        long statements = statements();
        System.out.printf(
                "With batch loading: %d statements for a page of %d orders with customers, lines and products%n",
                statements, answer.data().path("orders").path("edges").size());
        assertThat(answer.errors()).isEmpty();
        assertThat(answer.data().path("orders").path("edges").size()).isGreaterThanOrEqualTo(12);
        assertThat(statements())
                .as("orders, their customers, their lines with products: one statement each")
                .isLessThanOrEqualTo(3);
    }

    @Test
    void pagesForwardAndBackwardByCursorAndCountsTheWholeList() {
        awaitAll();
        String filter = "filter: { customer: \"gina-1\" }";
        var first = graphql("{ orders(first: 2, " + filter + ") { totalCount edges { cursor node { id } }"
                + " pageInfo { hasNextPage hasPreviousPage endCursor } } }");
        String end = first.data().at("/orders/pageInfo/endCursor").asString();
        var second = graphql("{ orders(first: 2, after: \"" + end + "\", " + filter + ") { edges { cursor node { id } }"
                + " pageInfo { hasNextPage hasPreviousPage startCursor } } }");
        String start = second.data().at("/orders/pageInfo/startCursor").asString();
        var back = graphql("{ orders(last: 2, before: \"" + start + "\", " + filter + ") { edges { node { id } } } }");

        assertThat(first.data().at("/orders/totalCount").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(first.data().at("/orders/pageInfo/hasNextPage").asBoolean()).isTrue();
        assertThat(second.data().at("/orders/pageInfo/hasPreviousPage").asBoolean())
                .isTrue();
        assertThat(back.data().at("/orders/edges").toString())
                .isEqualTo(json.readTree(first.data()
                                .at("/orders/edges")
                                .toString()
                                .replaceAll(",?\"cursor\":\"[^\"]*\"", "")
                                .replace("{,", "{"))
                        .toString());
        var bad = graphql("{ orders(first: 2, after: \"not-a-cursor\") { totalCount } }");
        assertThat(bad.code()).isEqualTo("BAD_USER_INPUT");
        assertThat(graphql("{ orders(first: 101) { totalCount } }").code()).isEqualTo("BAD_USER_INPUT");
    }

    @Test
    void everyLimitIsRefusedWithItsCodeBeforeAnySqlRuns() {
        String deep = "{ orders(first: 1) { edges { node { customer { orders(first: 1) { edges { node { customer {"
                + " orders(first: 1) { edges { node { id } } } } } } } } } } } }";
        String costly = "{ orders(first: 100) { edges { node { customer { orders(first: 100) { edges { node { id"
                + " customer { id } } } } } } } } }";
        StringBuilder aliases = new StringBuilder("{ statusCounts { ");
        for (int i = 0; i < 100; i++) {
            aliases.append("a").append(i).append(": count ");
        }
        aliases.append("} }");
        String roots = "{ " + "statusCounts { count } ".repeat(1000) + "}";
        String huge = "{ statusCounts { count } }" + " ".repeat(70_000);

        for (var refusal : List.of(
                Map.entry(deep, "MAX_DEPTH"),
                Map.entry(costly, "MAX_COST"),
                Map.entry(aliases.toString(), "MAX_ALIASES"),
                Map.entry(roots, "MAX_ROOT_FIELDS"),
                Map.entry(huge, "QUERY_TOO_LARGE"))) {
            resetStatements();
            var answer = graphql(refusal.getKey());
            assertThat(answer.code()).as(answer.body().toString()).isEqualTo(refusal.getValue());
            assertThat(answer.data().isMissingNode() || answer.data().isNull()).isTrue();
            assertThat(statements())
                    .as("no SQL for a refused " + refusal.getValue())
                    .isZero();
        }
        assertThat(graphql(costly).body().at("/errors/0/message").asString()).contains("costs", "points");
    }

    @Test
    void eachClientHasACostBudgetReportedOnEveryResponseAndEnforced() {
        String client = dashboard("analytics:read"); // every dashboard token is the same client: its own budget here
        String greedy = tokens.sign(tokens.claims(
                "greedy-" + UUID.randomUUID(),
                "greedy-" + UUID.randomUUID(),
                null,
                "orderflow-analytics",
                Duration.ofMinutes(10),
                "analytics:read"));
        String query = "{ orders(first: 100) { edges { node { customer { id } items { quantity } refunds { id }"
                + " transitions { sequence } payment { status } shipment { trackingNumber } total { amountMinor } } } } }";

        var first = graphql(greedy, query, null);
        assertThat(first.errors()).isEmpty();
        long cost = first.body().at("/extensions/cost/requestedQueryCost").asLong();
        assertThat(cost).isBetween(700L, 1000L);
        assertThat(first.body()
                        .at("/extensions/cost/throttleStatus/maximumAvailable")
                        .asLong())
                .isEqualTo(10_000);
        assertThat(first.body()
                        .at("/extensions/cost/throttleStatus/currentlyAvailable")
                        .asLong())
                .isLessThanOrEqualTo(10_000 - cost + 200); // plus what was restored meanwhile
        Answer last = first;
        for (int i = 0; i < 15 && last.errors().isEmpty(); i++) {
            last = graphql(greedy, query, null);
        }
        assertThat(last.code()).isEqualTo("THROTTLED");
        assertThat(last.body()
                        .at("/extensions/cost/throttleStatus/currentlyAvailable")
                        .asLong())
                .isLessThan(cost);
        assertThat(graphql(client, "{ statusCounts { count } }", null).errors())
                .as("another client's budget is its own")
                .isEmpty();
    }

    @Test
    void onlyPartnersWithTheScopeMayReadAndPersonalDataNeedsItsOwn() {
        awaitAll();
        String id = orders.getFirst().toString();
        String query = "{ order(id: \"" + id + "\") { id shippingAddress { name city } } }";

        assertThat(graphql(null, query, null).status()).isEqualTo(401);
        // a query over GET is no way around the token
        assertThat(get(null, "{ statusCounts { count } }")).isEqualTo(401);
        assertThat(get(dashboard("orders:read"), "{ statusCounts { count } }")).isEqualTo(403);
        assertThat(graphql(dashboard("orders:read"), query, null).status()).isEqualTo(403);
        String customer = tokens.sign(tokens.claims(
                "gina-0", "storefront", "gina-0", "orderflow-analytics", Duration.ofMinutes(10), "analytics:read"));
        assertThat(graphql(customer, query, null).status())
                .as("a customer, whatever scope")
                .isEqualTo(403);

        var withoutPii = graphql(dashboard("analytics:read"), query, null);
        assertThat(withoutPii.data().at("/order/id").asString()).isEqualTo(id);
        assertThat(withoutPii.data().at("/order/shippingAddress").isNull())
                .as(withoutPii.body().toString())
                .isTrue();
        assertThat(withoutPii.code()).isEqualTo("FORBIDDEN");
        assertThat(withoutPii.errors().path(0).path("path").toString()).isEqualTo("[\"order\",\"shippingAddress\"]");

        var withPii = graphql(dashboard("analytics:read", "analytics:pii"), query, null);
        assertThat(withPii.errors()).isEmpty();
        assertThat(withPii.data().at("/order/shippingAddress/city").asString()).isEqualTo("Lyon");
    }

    private int get(String token, String query) {
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/graphql?query="
                                + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8)))
                .header("Accept", "application/graphql-response+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyAnswerSaysHowFreshItIsAndAVersionNotYetAppliedIsStale() {
        awaitAll();
        var answer = graphql("{ statusCounts { status count } }");
        assertThat(answer.body().at("/extensions/freshness/consumerLag").isNumber())
                .isTrue();
        assertThat(answer.body()
                        .at("/extensions/freshness/newestEventAgeMillis")
                        .asLong())
                .isGreaterThanOrEqualTo(0);

        long started = System.nanoTime();
        var stale = graphql("{ order(id: \"" + orders.getFirst() + "\", minVersion: 99) { id } }");
        assertThat(stale.code()).isEqualTo("STALE");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        // a version written just now is waited for, not answered stale
        var life = new OrderEvents.Life("ryw-" + System.nanoTime(), "GQL-009", 1, 999, Instant.now());
        events.send(life.placed());
        var fresh = graphql(
                "{ orders(first: 1, filter: { customer: \"" + life.customer + "\" }, consistentWith: [{ orderId: \""
                        + life.orderId + "\", version: 1 }]) { edges { node { id version } } } }");
        assertThat(fresh.errors()).isEmpty();
        assertThat(fresh.data().at("/orders/edges/0/node/id").asString()).isEqualTo(life.orderId.toString());
    }

    @Test
    void salesProductsAndTimingsAnswerFromTheAggregates() {
        awaitAll();
        String today =
                Instant.now().atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        var answer = graphql(
                "{ salesByDay(from: \"" + today + "\", to: \"" + today + "\") { day currency orders units revenue }"
                        + " topProducts(from: \"" + today + "\", to: \"" + today
                        + "\", limit: 3) { product { sku } units revenue { amountMinor currency } }"
                        + " products(limit: 5) { sku unitsSold revenue { amountMinor } }"
                        + " statusCounts { status count } fulfilment { delivered p50Seconds } }");

        assertThat(answer.errors()).isEmpty();
        assertThat(answer.data().at("/salesByDay/0/orders").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(answer.data().at("/topProducts").size()).isBetween(1, 3);
        assertThat(answer.data().at("/statusCounts").toString()).contains("PAID", "AWAITING_PAYMENT");
        assertThat(graphql("{ salesByDay(from: \"2026-12-02\", to: \"2026-01-01\") { day } }")
                        .code())
                .isEqualTo("BAD_USER_INPUT");
    }
}
