package dev.orderflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * One order read two ways, same machine, one run, against a running platform (./orderflow up): the
 * orders REST {@code GET /api/orders/{id}} and analytics' GraphQL {@code order(id)} asking for the
 * same facts (status, version, total, lines with prices, payment, shipment, times). It places an
 * order, waits until analytics has it, warms both paths, then reads each the same number of times at
 * the same concurrency and prints throughput, p50/p99 and the bytes of one request and one response,
 * with the ratios. Usage:
 * {@code ./mvnw -q -pl bench toolchains:select-jdk-toolchain exec:exec -Dbench=GraphQlVsRest -Dbench.args="8 1000"}
 * (orders allows 1,200 requests a minute per client, analytics a cost budget of 10,000 points a minute:
 * this query costs 6, so leave a minute between runs).
 */
public final class GraphQlVsRest {

    static final String QUERY = "query($id: ID!) { order(id: $id) { id status version total { amountMinor currency }"
            + " items { sku quantity unitPrice { amountMinor currency } } payment { intentId status }"
            + " shipment { shipmentId trackingNumber } placedAt updatedAt } }";

    private GraphQlVsRest() {}

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String identity = System.getProperty("identity", "http://localhost:8081");
        String orders = System.getProperty("orders", "http://localhost:8082");
        String analytics = System.getProperty("analytics", "http://localhost:8084");
        HttpClient http = HttpClient.newHttpClient();
        String token = PlaceOrderLatency.token(
                http, identity, "orderflow-cli", "orderflow-cli-secret", "orders:read orders:write");
        String dashboard = PlaceOrderLatency.token(
                http, identity, "analytics-dashboard", "analytics-dashboard-secret", "analytics:read");

        var placed = http.send(
                HttpRequest.newBuilder(URI.create(orders + "/api/orders"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"customer_id\":\"bench\",\"items\":[{\"sku\":\"ACC-003\",\"quantity\":2},"
                                                + "{\"sku\":\"KIT-002\",\"quantity\":1}],\"shipping_address\":{\"name\":\"Bench\","
                                                + "\"line1\":\"1 Rue\",\"city\":\"Lyon\",\"postal_code\":\"69001\",\"country\":\"FR\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (placed.statusCode() != 201) {
            throw new IllegalStateException("placing the order failed: " + placed.body());
        }
        String id = placed.body().replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
        String body = "{\"query\":\"" + QUERY.replace("\"", "\\\"") + "\",\"variables\":{\"id\":\"" + id + "\"}}";
        HttpRequest graphqlRequest = HttpRequest.newBuilder(URI.create(analytics + "/graphql"))
                .header("Authorization", "Bearer " + dashboard)
                .header("Content-Type", "application/json")
                .header("Accept", "application/graphql-response+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpRequest restRequest = HttpRequest.newBuilder(URI.create(orders + "/api/orders/" + id))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .build();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> http.send(
                        graphqlRequest, HttpResponse.BodyHandlers.ofString())
                .body()
                .contains("\"id\":\"" + id + "\""));

        for (int i = 0; i < 50; i++) {
            http.send(restRequest, HttpResponse.BodyHandlers.discarding());
            http.send(graphqlRequest, HttpResponse.BodyHandlers.discarding());
        }
        var rest = Latency.measure(
                "REST GET /api/orders/{id}",
                concurrency,
                0,
                reads,
                () -> http.send(restRequest, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        var graphql = Latency.measure("GraphQL order(id)", concurrency, 0, reads, () -> {
            var response = http.send(graphqlRequest, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && !response.body().contains("\"errors\"");
        });
        graphql.compareTo(rest, "GraphQL/REST");

        String restResponse =
                http.send(restRequest, HttpResponse.BodyHandlers.ofString()).body();
        String graphqlResponse =
                http.send(graphqlRequest, HttpResponse.BodyHandlers.ofString()).body();
        int restRequestBytes = ("GET /api/orders/" + id + " HTTP/1.1\r\nAuthorization: Bearer " + token
                        + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8)
                .length;
        int graphqlRequestBytes = ("POST /graphql HTTP/1.1\r\nAuthorization: Bearer " + dashboard
                                + "\r\nContent-Type: application/json\r\nAccept: application/graphql-response+json\r\n"
                                + "Content-Length: " + body.length() + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8)
                        .length
                + body.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(
                "bytes of one request (request line, headers, body): REST %d, GraphQL %d (GraphQL/REST %.2f)%n",
                restRequestBytes, graphqlRequestBytes, (double) graphqlRequestBytes / restRequestBytes);
        int restBytes = restResponse.getBytes(StandardCharsets.UTF_8).length;
        int graphqlBytes = graphqlResponse.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(
                "bytes of one response body: REST %d (the whole order), GraphQL %d (the fields asked for, with"
                        + " extensions %d bytes) (GraphQL/REST %.2f)%n",
                restBytes,
                graphqlBytes,
                graphqlResponse.length() - graphqlResponse.indexOf(",\"extensions\""),
                (double) graphqlBytes / restBytes);
    }
}
