package dev.orderflow.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Runs the client commands as {@code ./orderflow} does, with their output captured. */
final class CliHarness {

    /** One run: exit code, stdout, stderr. */
    record Run(int exitCode, String out, String err) {}

    private final Map<String, String> env;
    private final Path config;
    private final Clock clock;

    CliHarness(Map<String, String> env, Path config, Clock clock) {
        this.env = env;
        this.config = config;
        this.clock = clock;
    }

    Session session() {
        return new Session(config.resolve("orderflow").resolve("token.json"));
    }

    Run withInput(String stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var context = new Cli.Context(env, session(), clock, new ByteArrayInputStream(stdin.getBytes()));
        int code = Cli.commandLine(context, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Run run(String... args) {
        return withInput("", args);
    }
}
