package dev.orderflow.cli;

import dev.orderflow.sdk.Endpoints;
import dev.orderflow.sdk.Orderflow;
import java.io.PrintWriter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every client command takes, and the SDK client they configure. Credentials, first found:
 * {@code ORDERFLOW_TOKEN}; {@code ORDERFLOW_CLIENT_ID} + {@code ORDERFLOW_CLIENT_SECRET} (client
 * credentials, renewed as needed); the login saved by {@code ./orderflow login}.
 */
public final class ClientOptions {

    enum Format {
        table,
        json
    }

    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-o", "--output"},
            description = "table (default, for people) or json (for scripts)",
            defaultValue = "table")
    Format output = Format.table;

    @Option(
            names = {"-v", "--verbose"},
            description = "log each request and response line to stderr (never a token, secret or body)")
    boolean verbose;

    private final Cli.Context context;

    ClientOptions(Cli.Context context) {
        this.context = context;
    }

    Cli.Context context() {
        return context;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return output == Format.json;
    }

    Endpoints endpoints() {
        return Endpoints.fromEnvironment(context.env());
    }

    /** An SDK client with the user's credentials. */
    Orderflow client() {
        var env = context.env();
        var builder = builder();
        String token = env.get("ORDERFLOW_TOKEN");
        String id = env.get("ORDERFLOW_CLIENT_ID");
        String secret = env.get("ORDERFLOW_CLIENT_SECRET");
        if (token != null && !token.isBlank()) {
            builder.bearerToken(token);
        } else if (id != null && secret != null) {
            builder.clientCredentials(id, secret)
                    .scopes(env.getOrDefault("ORDERFLOW_SCOPES", Orderflow.DEFAULT_SCOPES));
        } else {
            builder.tokens(new SavedLogin(context, endpoints()));
        }
        return builder.build();
    }

    /** An SDK client without credentials (public endpoints: the catalog). */
    Orderflow anonymous() {
        return builder().build();
    }

    Orderflow.Builder builder() {
        var builder = Orderflow.builder()
                .endpoints(endpoints())
                .clock(context.clock())
                .userAgent("orderflow-cli/0.1")
                // A person at a terminal: a platform that is down (or a mistyped address) fails
                // within 10 s, which still rides out a quick restart; -v shows each attempt.
                .reconnectFor(java.time.Duration.ofSeconds(10))
                .publishableKey(
                        context.env().getOrDefault("ORDERFLOW_PUBLISHABLE_KEY", "pk_test_orderflow_embedded_demo_key"));
        if (verbose) {
            PrintWriter err = err();
            builder.requestLog(line -> {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            });
        }
        return builder;
    }
}
