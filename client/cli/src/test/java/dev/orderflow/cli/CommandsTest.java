package dev.orderflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Output, exit codes, the saved login and help, as a user of {@code ./orderflow} sees them. */
class CommandsTest {

    @TempDir
    Path dir;

    @Test
    void showsAnOrderAsATableOrAsJson() throws Exception {
        try (var orders = new FakeOrders(5)) {
            var env = new HashMap<>(orders.env());
            env.put("ORDERFLOW_TOKEN", "t");
            var cli = new CliHarness(env, dir, Clock.systemUTC());

            var table = cli.run("orders", "get", FakeOrders.id(2));
            var json = cli.run("orders", "get", FakeOrders.id(2), "-o", "json");

            assertThat(table.exitCode()).isEqualTo(0);
            assertThat(table.out()).contains("status", "PAID", "57.00 EUR");
            assertThat(Printer.JSON
                            .readTree(json.out())
                            .path("total")
                            .path("amount_minor")
                            .asLong())
                    .isEqualTo(5700);
        }
    }

    @Test
    void exitCodesSayWhatWentWrong() throws Exception {
        try (var orders = new FakeOrders(5)) {
            var env = new HashMap<>(orders.env());
            env.put("ORDERFLOW_TOKEN", "t");
            var cli = new CliHarness(env, dir, Clock.systemUTC());

            var notFound = cli.run("orders", "get", "00000000-0000-4000-8000-999999999999");
            assertThat(notFound.exitCode()).isEqualTo(5);
            assertThat(notFound.err()).contains("404", "not-found").doesNotContain("Exception", "at dev.");
            assertThat(cli.run("orders", "get").exitCode()).isEqualTo(2); // missing parameter
            assertThat(cli.run("orders", "frobnicate").exitCode()).isEqualTo(2);
            assertThat(cli.run("orders", "create", "--item", "ACC-001:two").exitCode())
                    .isEqualTo(2);

            var noLogin = new CliHarness(orders.env(), dir.resolve("empty"), Clock.systemUTC()).run("orders", "list");
            assertThat(noLogin.exitCode()).isEqualTo(4);
            assertThat(noLogin.err()).contains("./orderflow login");
        }
    }

    @Test
    void loginKeepsTheTokenOwnerOnlyAndTheOtherCommandsUseIt() throws Exception {
        try (var orders = new FakeOrders(3)) {
            var cli = new CliHarness(orders.env(), dir, Clock.systemUTC());

            var login = cli.run("login", "--client-id", "orderflow-cli", "--client-secret", "s3cret-value");
            assertThat(login.exitCode()).isEqualTo(0);
            Path file = dir.resolve("orderflow/token.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
            assertThat(Files.readString(file)).contains("tok-1").doesNotContain("s3cret-value");

            var list = cli.run("orders", "list", "--limit", "2");
            assertThat(list.exitCode()).isEqualTo(0);
            assertThat(list.out()).contains(FakeOrders.id(0), FakeOrders.id(1)).doesNotContain(FakeOrders.id(2));
            assertThat(orders.server.seen())
                    .filteredOn(s -> s.path().startsWith("/api/orders"))
                    .allSatisfy(s -> assertThat(s.header("Authorization")).isEqualTo("Bearer tok-1"));
            var basic = orders.server.seen().getFirst().header("Authorization");
            assertThat(basic).startsWith("Basic "); // the secret went to the token endpoint only

            var later =
                    new CliHarness(orders.env(), dir, Clock.fixed(Instant.now().plusSeconds(3600), ZoneOffset.UTC));
            var expired = later.run("orders", "list");
            assertThat(expired.exitCode()).isEqualTo(4);
            assertThat(expired.err()).contains("expired", "./orderflow login");

            assertThat(cli.run("logout").exitCode()).isEqualTo(0);
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        var cli = Cli.commandLine(
                new Cli.Context(java.util.Map.of(), new Session(dir.resolve("t.json")), Clock.systemUTC(), System.in),
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()));
        List<CommandLine> leaves = new ArrayList<>();
        collect(cli, leaves);

        assertThat(leaves).hasSizeGreaterThan(20);
        for (CommandLine leaf : leaves) {
            String help = leaf.getUsageMessage();
            assertThat(help)
                    .as(leaf.getCommandSpec().qualifiedName())
                    .contains("--help")
                    .containsPattern("Examples?:");
        }
    }

    private static void collect(CommandLine line, List<CommandLine> leaves) {
        var subs = line.getSubcommands().values().stream()
                .filter(s -> !s.getCommandName().equals("help"))
                .distinct()
                .toList();
        if (subs.isEmpty()) {
            leaves.add(line);
        }
        subs.forEach(s -> collect(s, leaves));
    }
}
