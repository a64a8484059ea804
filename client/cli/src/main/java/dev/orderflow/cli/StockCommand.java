package dev.orderflow.cli;

import dev.orderflow.contracts.inventory.v1.StockLevel;
import dev.orderflow.sdk.Orderflow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ./orderflow stock get|watch} over gRPC. */
@Command(
        name = "stock",
        mixinStandardHelpOptions = true,
        description = "Stock levels at inventory (gRPC; scope inventory:read).",
        subcommands = {StockCommand.Get.class, StockCommand.Watch.class})
final class StockCommand {

    static String line(StockLevel level) {
        return "%-10s available %5d  reserved %5d  updated %s"
                .formatted(
                        level.getSku(),
                        level.getAvailable(),
                        level.getReserved(),
                        Instant.ofEpochSecond(
                                level.getUpdatedAt().getSeconds(),
                                level.getUpdatedAt().getNanos()));
    }

    static String json(StockLevel level) {
        var map = new LinkedHashMap<String, Object>();
        map.put("sku", level.getSku());
        map.put("available", level.getAvailable());
        map.put("reserved", level.getReserved());
        map.put(
                "updated_at",
                Instant.ofEpochSecond(
                                level.getUpdatedAt().getSeconds(),
                                level.getUpdatedAt().getNanos())
                        .toString());
        return Printer.json(map, false);
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "The current level of each SKU (GetStock, with a deadline; retried on UNAVAILABLE).",
            footer = {"", "Example:", "  ./orderflow stock get ACC-001 KIT-003"})
    static final class Get implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "SKU", arity = "1..100")
        List<String> skus;

        @Override
        public Integer call() {
            try (Orderflow orderflow = client.client()) {
                orderflow.inventory().stock(skus).forEach(level -> client.out()
                        .println(client.json() ? json(level) : line(level)));
                client.out().flush();
                return 0;
            }
        }
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = "The current levels, then every change (WatchStock stream; reconnects by itself).",
            footer = {"", "Example:", "  ./orderflow stock watch ACC-001 --max-events 5"})
    static final class Watch implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "SKU", arity = "1..100")
        List<String> skus;

        @Mixin
        Watching.Limits limits;

        @Override
        public Integer call() throws InterruptedException {
            try (Orderflow orderflow = client.client()) {
                var inventory = orderflow.inventory();
                return Watching.<StockLevel>run(
                        client,
                        limits,
                        level -> client.json() ? json(level) : line(level),
                        listener -> inventory.watch(skus, listener));
            }
        }
    }
}
