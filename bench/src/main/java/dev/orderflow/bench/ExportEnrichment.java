package dev.orderflow.bench;

import com.sun.net.httpserver.HttpServer;
import dev.orderflow.cli.Cli;
import dev.orderflow.sdk.Endpoints;
import dev.orderflow.sdk.Orderflow;
import dev.orderflow.sdk.rest.Models.Address;
import dev.orderflow.sdk.rest.Models.Line;
import dev.orderflow.sdk.rest.Models.PlaceOrder;
import dev.orderflow.sdk.rest.Orders;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./orderflow export orders --enrich refunds} (every order, then each order's refunds: one
 * more request per order) through a proxy that adds a fixed latency to every request, sequential
 * and with {@code --parallel N}, side by side in one run on the same orders. Usage:
 * {@code ./mvnw -q -pl bench toolchains:select-jdk-toolchain exec:exec -Dbench=ExportEnrichment
 * -Dbench.args="2000 20 16"} (orders, added latency in ms, parallelism) against a platform started
 * with {@code ORDERFLOW_ORDERS_RATELIMIT_CAPACITY=1000000}: at the embedded limit (1,200 a minute)
 * both runs would measure the rate limit, not the latency, since 2,000 enrichments alone need 100 s.
 * Places orders first if the platform has fewer.
 */
public final class ExportEnrichment {

    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "host", "expect", "upgrade", "transfer-encoding", "keep-alive");

    public static void main(String[] args) throws Exception {
        int wanted = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 20;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        var endpoints = Endpoints.fromEnvironment(System.getenv());
        try (var orderflow = Orderflow.builder()
                .endpoints(endpoints)
                .clientCredentials("orderflow-cli", "orderflow-cli-secret")
                .build()) {
            long existing = orderflow.orders().list(Orders.Query.all()).stream().count();
            var quota = orderflow.ordersRateLimit().map(limit -> limit.quota()).orElse(-1L);
            if (quota < 10L * wanted) {
                System.out.printf(
                        "orders' rate limit is %d requests a minute: start the platform with "
                                + "ORDERFLOW_ORDERS_RATELIMIT_CAPACITY=1000000 so the runs measure latency, not the limit%n",
                        quota);
                System.exit(2);
            }
            if (existing < wanted) {
                seed(orderflow, (int) (wanted - existing));
            }
        }
        var proxied = new AtomicLong();
        HttpServer proxy = latencyProxy(endpoints.orders(), latencyMs, proxied);
        try {
            var env = new HashMap<String, String>();
            env.put(
                    "ORDERFLOW_ORDERS_URL",
                    "http://127.0.0.1:" + proxy.getAddress().getPort());
            env.put("ORDERFLOW_IDENTITY_URL", endpoints.identity().toString());
            env.put("ORDERFLOW_CLIENT_ID", "orderflow-cli");
            env.put("ORDERFLOW_CLIENT_SECRET", "orderflow-cli-secret");
            env.put("HOME", System.getProperty("java.io.tmpdir"));
            Path dir = Files.createTempDirectory("orderflow-export-bench");
            System.out.printf(
                    "Export of every order with its refunds through a proxy adding %d ms per request%n", latencyMs);
            Run sequential = export(env, dir.resolve("sequential.jsonl"), 1, proxied);
            Run concurrent = export(env, dir.resolve("parallel.jsonl"), parallel, proxied);
            System.out.printf("%-14s %8s %10s %10s%n", "run", "rows", "requests", "wall");
            System.out.printf(
                    "%-14s %8d %10d %9.1f s%n",
                    "--parallel 1", sequential.rows, sequential.requests, sequential.seconds);
            System.out.printf(
                    "%-14s %8d %10d %9.1f s%n",
                    "--parallel " + parallel, concurrent.rows, concurrent.requests, concurrent.seconds);
            System.out.printf(
                    "speed-up: %.1fx (%.1f s -> %.1f s); the same orders in the same order: %s%n",
                    sequential.seconds / concurrent.seconds,
                    sequential.seconds,
                    concurrent.seconds,
                    ids(dir.resolve("sequential.jsonl")).equals(ids(dir.resolve("parallel.jsonl"))));
        } finally {
            proxy.stop(0);
        }
    }

    record Run(long rows, long requests, double seconds) {}

    /** The order ids of an export, in its order (the rows' other members may change between runs). */
    private static List<String> ids(Path export) throws java.io.IOException {
        return Files.readAllLines(export).stream()
                .map(line -> line.substring(line.indexOf("\"id\":\"") + 6, line.indexOf("\"id\":\"") + 42))
                .toList();
    }

    private static Run export(java.util.Map<String, String> env, Path out, int parallel, AtomicLong proxied)
            throws Exception {
        var err = new StringWriter();
        var printed = new StringWriter();
        long before = proxied.get();
        long started = System.nanoTime();
        int code = Cli.commandLine(
                        Cli.Context.of(env, Clock.systemUTC()),
                        new PrintWriter(printed, true),
                        new PrintWriter(err, true))
                .execute(
                        "export",
                        "orders",
                        "--format",
                        "jsonl",
                        "--out",
                        out.toString(),
                        "--enrich",
                        "refunds",
                        "--parallel",
                        String.valueOf(parallel));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("export failed (" + code + "): " + err);
        }
        return new Run(Files.lines(out).count(), proxied.get() - before, seconds);
    }

    /** Forwards every request to {@code target} after sleeping {@code latencyMs}: a far-away server. */
    private static HttpServer latencyProxy(URI target, long latencyMs, AtomicLong proxied) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                TimeUnit.MILLISECONDS.sleep(latencyMs);
                proxied.incrementAndGet();
                byte[] body = exchange.getRequestBody().readAllBytes();
                var request = HttpRequest.newBuilder(
                                target.resolve(exchange.getRequestURI().toString()))
                        .method(
                                exchange.getRequestMethod(),
                                body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                        values.forEach(v -> request.header(name, v));
                    }
                });
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers().map().forEach((name, values) -> {
                    if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                byte[] answer = response.body();
                exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    exchange.getResponseBody().write(answer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server;
    }

    /** Places {@code count} orders, 8 at a time, restocking first so none is out of stock. */
    private static void seed(Orderflow orderflow, int count) throws Exception {
        System.out.printf("placing %d orders first...%n", count);
        PlaceOrderLatency.restock(
                HttpClient.newHttpClient(), orderflow.endpoints().identity().toString(), "ACC-003", count + 100);
        var permits = new Semaphore(8);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                permits.acquire();
                pool.submit(() -> {
                    try {
                        orderflow
                                .orders()
                                .place(new PlaceOrder(
                                        "bench",
                                        List.of(new Line("ACC-003", 1)),
                                        new Address("Bench", "1 Rue", "Lyon", "69001", "FR")));
                    } finally {
                        permits.release();
                    }
                    return null;
                });
            }
        }
    }
}
