package dev.orderflow.cli;

import dev.orderflow.sdk.Orderflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ./orderflow analytics query}. */
@Command(
        name = "analytics",
        mixinStandardHelpOptions = true,
        description = "Analytics over GraphQL (scope analytics:read).",
        subcommands = AnalyticsCommand.Query.class)
final class AnalyticsCommand {

    @Command(
            name = "query",
            mixinStandardHelpOptions = true,
            description = "Run a GraphQL query (from the argument or --file) with variables; prints its data as JSON.",
            footer = {
                "",
                "Examples:",
                "  ./orderflow analytics query '{ statusCounts { status count } }'",
                "  ./orderflow analytics query 'query($id: ID!) { order(id: $id) { status } }' --var id=0193b7a4-…",
                "  ./orderflow analytics query --file report.graphql --var from=2026-12-01 --var to=2026-12-02"
            })
    static final class Query implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "QUERY", arity = "0..1")
        String query;

        @Option(names = "--file", description = "read the query from this file")
        Path file;

        @Option(names = "--var", description = "NAME=VALUE (a JSON value, or else a string), repeatable")
        Map<String, String> vars = new LinkedHashMap<>();

        @Override
        public Integer call() throws IOException {
            String document = document(query, file);
            try (Orderflow orderflow = client.client()) {
                JsonNode data = orderflow.analytics().query(document, variables(vars));
                client.out().println(Printer.json(data, !client.json()));
                return 0;
            }
        }
    }

    static String document(String query, Path file) throws IOException {
        if ((query == null) == (file == null)) {
            throw new CliException(CliException.USAGE, "give the query as an argument or with --file (one of them)");
        }
        return file == null ? query : Files.readString(file);
    }

    /** {@code n=3} is a number, {@code s=["A"]} a list, {@code id=abc} a string. */
    static Map<String, Object> variables(Map<String, String> vars) {
        var out = new LinkedHashMap<String, Object>();
        vars.forEach((name, value) -> {
            Object parsed;
            try {
                parsed = Printer.JSON.readValue(value, Object.class);
            } catch (RuntimeException notJson) {
                parsed = value;
            }
            out.put(name, parsed);
        });
        return out;
    }
}
