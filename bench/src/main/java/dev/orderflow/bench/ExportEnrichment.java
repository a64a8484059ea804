package dev.orderflow.bench;

import dev.orderflow.cli.Cli;
import dev.orderflow.sdk.Endpoints;
import dev.orderflow.sdk.Orderflow;
import dev.orderflow.sdk.rest.Models.Address;
import dev.orderflow.sdk.rest.Models.Line;
import dev.orderflow.sdk.rest.Models.PlaceOrder;
import dev.orderflow.sdk.rest.Orders;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./orderflow export orders --enrich refunds} (every order, then each order's refunds: one
 * more request per order) through a proxy that adds a fixed latency to every request, sequential
 * and with {@code --parallel N}, side by side in one run on the same orders. Usage:
 * {@code ./mvnw -q -pl bench toolchains:select-jdk-toolchain exec:exec -Dbench=ExportEnrichment
 * -Dbench.args="2000 20 16"} (orders, added latency in ms, parallelism: one level or a list such as
 * {@code 8,16,32}) against a platform started
 * with {@code ORDERFLOW_ORDERS_RATELIMIT_CAPACITY=1000000}: at the embedded limit (1,200 a minute)
 * both runs would measure the rate limit, not the latency, since 2,000 enrichments alone need 100 s.
 * Places orders first if the platform has fewer.
 */
public final class ExportEnrichment {

    public static void main(String[] args) throws Exception {
        int wanted = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 20;
        // One level or several ("8,16,32"), each measured against the same sequential run.
        int[] parallel = java.util.Arrays.stream((args.length > 2 ? args[2] : "16").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
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
        ServerSocket proxy = latencyProxy(endpoints.orders(), latencyMs, proxied);
        try {
            var env = new HashMap<String, String>();
            env.put("ORDERFLOW_ORDERS_URL", "http://127.0.0.1:" + proxy.getLocalPort());
            env.put("ORDERFLOW_IDENTITY_URL", endpoints.identity().toString());
            env.put("ORDERFLOW_CLIENT_ID", "orderflow-cli");
            env.put("ORDERFLOW_CLIENT_SECRET", "orderflow-cli-secret");
            env.put("HOME", System.getProperty("java.io.tmpdir"));
            Path dir = Files.createTempDirectory("orderflow-export-bench");
            System.out.printf(
                    "Export of every order with its refunds through a proxy adding %d ms per request%n", latencyMs);
            Run sequential = export(env, dir.resolve("sequential.jsonl"), 1, proxied);
            System.out.printf("%-14s %8s %10s %10s%n", "run", "rows", "requests", "wall");
            System.out.printf(
                    "%-14s %8d %10d %9.1f s%n",
                    "--parallel 1", sequential.rows, sequential.requests, sequential.seconds);
            for (int level : parallel) {
                Path file = dir.resolve("parallel-" + level + ".jsonl");
                Run concurrent = export(env, file, level, proxied);
                System.out.printf(
                        "%-14s %8d %10d %9.1f s   speed-up %.1fx; the same orders in the same order: %s%n",
                        "--parallel " + level,
                        concurrent.rows,
                        concurrent.requests,
                        concurrent.seconds,
                        sequential.seconds / concurrent.seconds,
                        ids(dir.resolve("sequential.jsonl")).equals(ids(file)));
            }
        } finally {
            proxy.close();
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

    /**
     * A far-away server: a TCP relay to {@code target} that holds each chunk the client sends for
     * {@code latencyMs} before passing it on (an HTTP/1.1 request is one chunk, so each request gets
     * the delay; answers come straight back). Bytes only, no HTTP parsing, so the relay itself costs
     * next to no CPU on the machine it shares with the client and the platform.
     */
    private static ServerSocket latencyProxy(URI target, long latencyMs, AtomicLong proxied) throws IOException {
        var listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(target.getHost(), target.getPort());
                    client.setTcpNoDelay(true);
                    server.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> relay(client, server, latencyMs, proxied));
                    Thread.ofVirtual().start(() -> relay(server, client, 0, null));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return listener;
    }

    private static void relay(Socket from, Socket to, long delayMs, AtomicLong chunks) {
        byte[] buffer = new byte[64 * 1024];
        try (from;
                to) {
            var in = from.getInputStream();
            var out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (delayMs > 0) {
                    TimeUnit.MILLISECONDS.sleep(delayMs);
                    chunks.incrementAndGet();
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException ended) {
            // one side closed: close both
        }
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
