package dev.orderflow.cli;

import dev.orderflow.sdk.Orderflow;
import dev.orderflow.sdk.paging.Page;
import dev.orderflow.sdk.paging.Paged;
import dev.orderflow.sdk.rest.Orders;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./orderflow export orders|products|analytics}: every page into a file.
 *
 * <p>Rows go first to {@code OUT.partial.jsonl}, a page at a time, flushed to disk before the
 * checkpoint {@code OUT.export-state} (written atomically) records the position of the next page
 * and the bytes and rows written. {@code --resume} truncates the partial file to the checkpoint and
 * continues from its position: a row is neither lost nor written twice, however the previous run
 * ended. When the last page is in, the partial file becomes OUT in the requested format.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Export every orders, products or analytics row to a file (json, jsonl or csv).",
            "",
            "CSV flattening: a nested object's members become parent.child columns, an array's",
            "elements name[0], name[1].member, ...; null, {} and [] are empty cells; the columns are the",
            "union over all rows, in the order they first appear.",
            "",
            "--enrich refunds adds each order's refunds (one more request per order) with --parallel N",
            "requests at once; every request still goes through the client-side rate limit, and the",
            "budget left is shown as it runs. --resume continues an interrupted export from its checkpoint."
        },
        footer = {
            "",
            "Examples:",
            "  ./orderflow export orders --format csv --out orders.csv",
            "  ./orderflow export orders --format jsonl --out orders.jsonl --enrich refunds --parallel 16",
            "  ./orderflow export orders --format csv --out orders.csv --resume      # after an interruption",
            "  ./orderflow export analytics --format csv --out analytics.csv"
        })
final class ExportCommand implements Callable<Integer> {

    enum Target {
        orders,
        products,
        analytics
    }

    enum Format {
        json,
        jsonl,
        csv
    }

    enum Enrichment {
        refunds
    }

    static final String ANALYTICS_ORDERS =
            """
            query($first: Int, $after: String) {
              orders(first: $first, after: $after) {
                edges { node { id version status placedAt paidAt deliveredAt
                               customer { id orderCount }
                               total { amountMinor currency } refunded { amountMinor currency }
                               items { quantity product { sku name } } } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "WHAT", description = "orders, products or analytics")
    Target target;

    @Option(names = "--format", defaultValue = "jsonl", description = "json, jsonl or csv (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", required = true, description = "the file to write")
    Path out;

    @Option(names = "--enrich", description = "refunds: each order's refunds (orders only)")
    Enrichment enrich;

    @Option(
            names = "--parallel",
            defaultValue = "1",
            description = "enrichment requests at once (default ${DEFAULT-VALUE})")
    int parallel;

    @Option(
            names = "--page-size",
            defaultValue = "100",
            description = "rows per request (1-100, default ${DEFAULT-VALUE})")
    int pageSize;

    @Option(names = "--status", description = "orders only: only these statuses (repeatable)")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--resume", description = "continue an interrupted export of the same file from its checkpoint")
    boolean resume;

    /** Stops after this many pages as an interruption would (to show and test --resume). */
    @Option(names = "--stop-after-pages", hidden = true)
    Integer stopAfterPages;

    private final Cli.Context context;

    ExportCommand(Cli.Context context) {
        this.context = context;
    }

    /** The checkpoint: what fetches the next page, and how much of the partial file is complete. */
    record Checkpoint(String fingerprint, String next, long rows, long bytes, boolean complete) {}

    @Override
    public Integer call() throws Exception {
        if (enrich != null && target != Target.orders) {
            throw new CliException(CliException.USAGE, "--enrich refunds is for orders only");
        }
        if (parallel < 1 || parallel > 64) {
            throw new CliException(CliException.USAGE, "--parallel must be 1 to 64");
        }
        if (pageSize < 1 || pageSize > 100) {
            throw new CliException(CliException.USAGE, "--page-size must be 1 to 100");
        }
        Path partial = sibling(".partial.jsonl");
        Path statePath = sibling(".export-state");
        String fingerprint = target + " " + statuses + " " + enrich;
        Checkpoint state = new Checkpoint(fingerprint, null, 0, 0, false);
        if (resume) {
            if (!Files.exists(statePath)) {
                throw new CliException(CliException.USAGE, "nothing to resume: no " + statePath);
            }
            state = Printer.JSON.readValue(statePath.toFile(), Checkpoint.class);
            if (!state.fingerprint().equals(fingerprint)) {
                throw new CliException(
                        CliException.USAGE,
                        "the checkpoint is for another export (" + state.fingerprint()
                                + "); run without --resume to start over");
            }
            truncate(partial, state.bytes());
            client.err().printf("Resuming: %d rows already exported%n", state.rows());
        } else {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(statePath);
        }
        try (Orderflow orderflow = target == Target.products ? client.anonymous() : client.client();
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var progress =
                    new Progress(client.err(), Progress.isTerminal(), target.name(), context.clock(), () -> orderflow
                            .ordersRateLimit()
                            .filter(s -> s.quota() > 0)
                            .map(s -> "rate limit " + s.remaining() + "/" + s.quota() + " left")
                            .orElse(""));
            total(orderflow).ifPresent(progress::total);
            long rows = state.rows();
            int pages = 0;
            if (!state.complete()) {
                // Shared by every page, first come first served: rows are enriched in order, and a
                // page's rows queue up while the one before is still running or being written.
                var permits = new Semaphore(parallel, true);
                var iterator =
                        listing(orderflow, Optional.ofNullable(state.next())).pages();
                // The next page is fetched (on the pool) while this one's rows are being enriched,
                // so the workers never wait for a page; pages are written, and checkpointed,
                // strictly in order, each once all its rows are in.
                Deque<Pending> pending = new ArrayDeque<>();
                CompletableFuture<Optional<Page<JsonNode>>> next = fetch(iterator, pool);
                while (true) {
                    Optional<Page<JsonNode>> fetched = joined(next);
                    if (fetched.isPresent()) {
                        Page<JsonNode> page = fetched.get();
                        next = fetch(iterator, pool);
                        pending.add(new Pending(page, enrich(orderflow, pool, permits, page.raw())));
                    }
                    while (pending.size() > 1 || (fetched.isEmpty() && !pending.isEmpty())) {
                        Pending oldest = pending.removeFirst();
                        List<JsonNode> enriched = results(oldest.rows());
                        long bytes = append(partial, enriched);
                        rows += enriched.size();
                        Page<JsonNode> page = oldest.page();
                        state = new Checkpoint(
                                fingerprint,
                                page.next().orElse(null),
                                rows,
                                bytes,
                                page.next().isEmpty());
                        write(statePath, state);
                        progress.update(rows, false);
                        if (stopAfterPages != null && ++pages >= stopAfterPages && !state.complete()) {
                            pending.forEach(p -> p.rows().forEach(f -> f.cancel(true)));
                            progress.finish(rows);
                            client.err()
                                    .printf(
                                            "Stopped after %d pages; ./orderflow export ... --resume continues%n",
                                            pages);
                            return CliException.FAILED;
                        }
                    }
                    if (fetched.isEmpty()) {
                        break;
                    }
                }
                if (!state.complete()) { // an empty listing
                    state = new Checkpoint(
                            fingerprint, null, rows, Files.exists(partial) ? Files.size(partial) : 0, true);
                    write(statePath, state);
                }
            }
            progress.finish(rows);
            convert(partial, out);
            Files.deleteIfExists(partial);
            Files.deleteIfExists(statePath);
            client.out().printf("Exported %d %s to %s (%s)%n", rows, target, out, format);
            return 0;
        }
    }

    private Paged<JsonNode> listing(Orderflow orderflow, Optional<String> from) {
        return switch (target) {
            case orders -> {
                var query = Orders.Query.all().limit(pageSize).statuses(statuses);
                var paged = orderflow.orders().list(from.map(query::from).orElse(query));
                yield raw(paged);
            }
            case products -> raw(orderflow
                    .products()
                    .list(pageSize, from.map(Integer::parseInt).orElse(0)));
            case analytics -> orderflow.analytics().connection(ANALYTICS_ORDERS, Map.of(), "orders", pageSize, from);
        };
    }

    /**
     * How many rows there will be, where the service says so at the cost of one small request (the
     * catalog's {@code total_items}, the analytics connection's {@code totalCount}); the orders API
     * gives no count, so its progress is a running count without a bar.
     */
    private java.util.OptionalLong total(Orderflow orderflow) {
        return switch (target) {
            case orders -> java.util.OptionalLong.empty();
            case products -> java.util.OptionalLong.of(
                    orderflow.products().page(0, 1).totalItems());
            case analytics -> java.util.OptionalLong.of(orderflow
                    .analytics()
                    .query("{ orders(first: 1) { totalCount } }", Map.of())
                    .path("orders")
                    .path("totalCount")
                    .asLong());
        };
    }

    /** The same listing, its pages' raw JSON as the items. */
    private static <T> Paged<JsonNode> raw(Paged<T> typed) {
        var pages = typed.pages();
        return new Paged<>(Optional.empty(), ignored -> {
            Page<T> page = pages.next();
            return new Page<>(page.raw(), page.raw(), page.position(), page.next());
        });
    }

    /** The iterator's next page, fetched on the pool (one fetch at a time: each waits for the last). */
    private static CompletableFuture<Optional<Page<JsonNode>>> fetch(
            java.util.Iterator<Page<JsonNode>> pages, ExecutorService pool) {
        return CompletableFuture.supplyAsync(
                () -> pages.hasNext() ? Optional.of(pages.next()) : Optional.<Page<JsonNode>>empty(), pool);
    }

    /** A future's value; its failure as thrown by the work (a problem, an I/O failure, ...). */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CliException(CliException.FAILED, String.valueOf(e.getCause()));
        }
    }

    /** A fetched page and its rows being enriched. */
    record Pending(Page<JsonNode> page, List<Future<JsonNode>> rows) {}

    /**
     * Starts each row's enrichment on its own virtual thread, which waits for one of the
     * {@code --parallel} permits before its request; returns at once (a row without enrichment is
     * ready as it is).
     */
    private List<Future<JsonNode>> enrich(
            Orderflow orderflow, ExecutorService pool, Semaphore permits, List<JsonNode> rows) {
        List<Future<JsonNode>> results = new ArrayList<>();
        for (JsonNode row : rows) {
            if (enrich == null) {
                results.add(CompletableFuture.completedFuture(row));
                continue;
            }
            results.add(pool.submit(() -> {
                permits.acquire();
                try {
                    String id = row.path("id").asString();
                    var refunds = orderflow.orders().refunds(id);
                    ObjectNode copy = ((ObjectNode) row).deepCopy();
                    copy.set("refunds", Printer.JSON.valueToTree(refunds));
                    return (JsonNode) copy;
                } finally {
                    permits.release();
                }
            }));
        }
        return results;
    }

    /** The rows, in order, once each is enriched; the first failure fails the export. */
    private static List<JsonNode> results(List<Future<JsonNode>> rows) throws InterruptedException {
        List<JsonNode> enriched = new ArrayList<>();
        for (Future<JsonNode> result : rows) {
            try {
                enriched.add(result.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new CliException(CliException.FAILED, String.valueOf(e.getCause()));
            }
        }
        return enriched;
    }

    /** Appends rows as JSON lines and forces them to disk; returns the file's size after. */
    private static long append(Path partial, List<JsonNode> rows) throws IOException {
        try (FileChannel channel = FileChannel.open(
                        partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                OutputStream stream = java.nio.channels.Channels.newOutputStream(channel)) {
            var text = new StringBuilder();
            for (JsonNode row : rows) {
                text.append(Printer.JSON.writeValueAsString(row)).append('\n');
            }
            stream.write(text.toString().getBytes(StandardCharsets.UTF_8));
            stream.flush();
            channel.force(true);
            return channel.size();
        }
    }

    private static void truncate(Path partial, long bytes) throws IOException {
        if (!Files.exists(partial)) {
            if (bytes > 0) {
                throw new CliException(CliException.FAILED, partial + " is gone; start over without --resume");
            }
            return;
        }
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            if (channel.size() < bytes) {
                throw new CliException(CliException.FAILED, partial + " is shorter than its checkpoint; start over");
            }
            channel.truncate(bytes); // drops a page written after the last checkpoint
            channel.force(true);
        }
    }

    private static void write(Path statePath, Checkpoint state) throws IOException {
        Path temp = statePath.resolveSibling(statePath.getFileName() + ".tmp");
        Files.write(temp, Printer.JSON.writeValueAsBytes(state));
        Files.move(temp, statePath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The partial JSON lines as the requested format, written beside OUT and moved over it. */
    private void convert(Path partial, Path target) throws IOException {
        Path temp = sibling(".tmp");
        if (!Files.exists(partial)) {
            Files.createFile(partial);
        }
        switch (format) {
            case jsonl -> Files.copy(partial, temp, StandardCopyOption.REPLACE_EXISTING);
            case json -> {
                try (BufferedReader in = Files.newBufferedReader(partial);
                        BufferedWriter w = Files.newBufferedWriter(temp)) {
                    w.write("[");
                    String line;
                    boolean first = true;
                    while ((line = in.readLine()) != null) {
                        w.write(first ? "\n" : ",\n");
                        w.write(line);
                        first = false;
                    }
                    w.write(first ? "]\n" : "\n]\n");
                }
            }
            case csv -> {
                // Two passes over the partial file: the columns (union of all rows), then the rows.
                var columns = new LinkedHashSet<String>();
                try (BufferedReader in = Files.newBufferedReader(partial)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        columns.addAll(Flatten.row(Printer.JSON.readTree(line)).keySet());
                    }
                }
                try (BufferedReader in = Files.newBufferedReader(partial);
                        CSVPrinter csv = new CSVPrinter(
                                Files.newBufferedWriter(temp),
                                CSVFormat.RFC4180
                                        .builder()
                                        .setHeader(columns.toArray(String[]::new))
                                        .get())) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        Map<String, String> row = Flatten.row(Printer.JSON.readTree(line));
                        List<String> cells = new ArrayList<>(columns.size());
                        for (String column : columns) {
                            cells.add(row.getOrDefault(column, ""));
                        }
                        csv.printRecord(cells);
                    }
                }
            }
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path sibling(String suffix) {
        Path absolute = out.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + suffix);
    }
}
