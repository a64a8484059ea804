package dev.orderflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./orderflow export}: every row once, CSV by the flattening rule, enrichment in parallel, resume. */
class ExportCommandTest {

    @TempDir
    Path dir;

    CliHarness cli(FakeOrders orders) {
        var env = new HashMap<>(orders.env());
        env.put("ORDERFLOW_TOKEN", "test-token");
        return new CliHarness(env, dir.resolve("config"), Clock.systemUTC());
    }

    @Test
    void exportsEveryOrderToCsvWithItsRefundsInParallel() throws Exception {
        try (var orders = new FakeOrders(250)) {
            Path out = dir.resolve("orders.csv");

            var run = cli(orders)
                    .run(
                            "export",
                            "orders",
                            "--format",
                            "csv",
                            "--out",
                            out.toString(),
                            "--enrich",
                            "refunds",
                            "--parallel",
                            "8");

            assertThat(run.exitCode()).isEqualTo(0);
            assertThat(run.out()).contains("Exported 250 orders");
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).hasSize(251);
            List<String> header = List.of(lines.getFirst().split(","));
            assertThat(header)
                    .startsWith("id", "customer_id", "status", "items[0].sku", "items[0].name")
                    .contains("total.amount_minor", "refunds[0].amount.amount_minor", "refunds[0].status");
            assertThat(lines.get(1)).startsWith(FakeOrders.id(0) + ",alice,PAID,ACC-001,Canvas Tote Bag,1,1900,EUR");
            assertThat(lines.get(1)).contains(",r-0,"); // order 0 has a refund
            assertThat(lines.get(2)).doesNotContain("r-1"); // order 1 has none: empty cells
            assertThat(lines.stream().skip(1).map(l -> l.substring(0, 36)).distinct())
                    .hasSize(250);
            assertThat(orders.maxInFlight.get()).isBetween(2, 8);
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("orders.csv"); // no partial file or checkpoint left behind
        }
    }

    @Test
    void resumesAnInterruptedExportWithoutRepeatingOrMissingARow() throws Exception {
        try (var orders = new FakeOrders(250)) {
            Path out = dir.resolve("orders.jsonl");
            var cli = cli(orders);

            var interrupted = cli.run(
                    "export",
                    "orders",
                    "--format",
                    "jsonl",
                    "--out",
                    out.toString(),
                    "--page-size",
                    "40",
                    "--stop-after-pages",
                    "3");
            assertThat(interrupted.exitCode()).isEqualTo(1);
            assertThat(Files.exists(out)).isFalse();
            Path partial = dir.resolve("orders.jsonl.partial.jsonl");
            assertThat(Files.readAllLines(partial)).hasSize(120);
            // A crash after a page was written but before its checkpoint: rows beyond the checkpoint.
            Files.writeString(
                    partial,
                    Files.readAllLines(partial).get(0) + "\n{\"id\":\"torn",
                    java.nio.file.StandardOpenOption.APPEND);

            var resumed = cli.run(
                    "export", "orders", "--format", "jsonl", "--out", out.toString(), "--page-size", "40", "--resume");

            assertThat(resumed.exitCode()).isEqualTo(0);
            assertThat(resumed.err()).contains("Resuming: 120 rows already exported");
            List<String> ids = Files.readAllLines(out).stream()
                    .map(line -> Printer.JSON.readTree(line).path("id").asString())
                    .toList();
            assertThat(ids).hasSize(250).doesNotHaveDuplicates();
            assertThat(ids)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 250)
                            .mapToObj(FakeOrders::id)
                            .toList());
        }
    }

    @Test
    void refusesToResumeAnotherExportOrWithoutACheckpoint() throws Exception {
        try (var orders = new FakeOrders(100)) {
            Path out = dir.resolve("o.json");
            var cli = cli(orders);

            assertThat(cli.run("export", "orders", "--out", out.toString(), "--resume")
                            .exitCode())
                    .isEqualTo(2);
            assertThat(cli.run(
                                    "export",
                                    "orders",
                                    "--out",
                                    out.toString(),
                                    "--page-size",
                                    "10",
                                    "--stop-after-pages",
                                    "1")
                            .exitCode())
                    .isEqualTo(1);
            var other = cli.run("export", "orders", "--out", out.toString(), "--status", "PAID", "--resume");
            assertThat(other.exitCode()).isEqualTo(2);
            assertThat(other.err()).contains("another export");
            assertThat(cli.run("export", "products", "--out", out.toString(), "--enrich", "refunds")
                            .exitCode())
                    .isEqualTo(2);
        }
    }

    @Test
    void exportsTheAnalyticsOrdersConnectionPageByPage() throws Exception {
        // A Relay connection of 25 orders; a cursor is the index of the last node of its page.
        var server = new java.util.concurrent.atomic.AtomicReference<dev.orderflow.sdk.FakeServer>();
        server.set(new dev.orderflow.sdk.FakeServer().on("/graphql", (exchange, n) -> {
            var request = Printer.JSON.readTree(server.get().seen().getLast().body());
            if (request.path("query").asString().contains("totalCount")) { // the progress bar's total
                dev.orderflow.sdk.FakeServer.json(exchange, 200, "{\"data\":{\"orders\":{\"totalCount\":25}}}");
                return;
            }
            var variables = request.path("variables");
            int first = variables.path("first").asInt();
            int from = variables.has("after")
                    ? Integer.parseInt(variables.path("after").asString()) + 1
                    : 0;
            int to = Math.min(25, from + first);
            var edges = new java.util.ArrayList<String>();
            for (int i = from; i < to; i++) {
                edges.add("{\"node\":{\"id\":\"" + FakeOrders.id(i)
                        + "\",\"status\":\"PAID\",\"customer\":{\"id\":\"alice\"}}}");
            }
            dev.orderflow.sdk.FakeServer.json(
                    exchange,
                    200,
                    "{\"data\":{\"orders\":{\"edges\":[" + String.join(",", edges) + "],\"pageInfo\":{\"hasNextPage\":"
                            + (to < 25) + ",\"endCursor\":\"" + (to - 1) + "\"}}}}");
        }));
        try (var graphql = server.get()) {
            var env = new HashMap<String, String>();
            env.put("ORDERFLOW_ANALYTICS_URL", graphql.uri().toString());
            env.put("ORDERFLOW_TOKEN", "t");
            Path out = dir.resolve("analytics.csv");

            var run = new CliHarness(env, dir.resolve("config"), Clock.systemUTC())
                    .run("export", "analytics", "--format", "csv", "--out", out.toString(), "--page-size", "10");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
            List<String> lines = Files.readAllLines(out);
            assertThat(lines.getFirst()).isEqualTo("id,status,customer.id");
            assertThat(lines).hasSize(26);
            assertThat(graphql.seen()).hasSize(4); // the count, then three pages
            assertThat(graphql.seen().get(1).body()).contains("orders(first: $first, after: $after)");
        }
    }

    @Test
    void writesAJsonArray() throws Exception {
        try (var orders = new FakeOrders(3)) {
            Path out = dir.resolve("o.json");

            assertThat(cli(orders)
                            .run("export", "orders", "--format", "json", "--out", out.toString())
                            .exitCode())
                    .isEqualTo(0);

            var array = Printer.JSON.readTree(Files.readString(out));
            assertThat(array.isArray()).isTrue();
            assertThat(array.size()).isEqualTo(3);
        }
    }
}
