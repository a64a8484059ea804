package dev.orderflow.cli;

import dev.orderflow.sdk.rest.Models.Product;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./orderflow products list}. */
@Command(
        name = "products",
        mixinStandardHelpOptions = true,
        description = "The catalog (REST, public).",
        subcommands = ProductsCommand.List.class)
final class ProductsCommand {

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List products, following the pages.",
            footer = {"", "Examples:", "  ./orderflow products list", "  ./orderflow products list --limit 5 -o json"})
    static final class List implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--limit", description = "at most this many (default: all)")
        Integer limit;

        @Option(
                names = "--page-size",
                defaultValue = "50",
                description = "products per request (1-100, default ${DEFAULT-VALUE})")
        int pageSize;

        @Override
        public Integer call() {
            try (var orderflow = client.anonymous()) {
                var stream = orderflow.products().list(pageSize).stream();
                java.util.List<Product> products = (limit == null ? stream : stream.limit(limit)).toList();
                if (client.json()) {
                    client.out().println(Printer.json(products, false));
                } else {
                    Printer.table(
                            client.out(),
                            java.util.List.of("SKU", "PRICE", "NAME"),
                            products.stream()
                                    .map(p -> java.util.List.of(p.sku(), String.valueOf(p.price()), p.name()))
                                    .toList());
                }
                return 0;
            }
        }
    }
}
