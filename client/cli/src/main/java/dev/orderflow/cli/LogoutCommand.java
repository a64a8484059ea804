package dev.orderflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./orderflow logout}: forgets the saved token. */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        description = "Remove the token ./orderflow login saved.",
        footer = {"", "Example:", "  ./orderflow logout"})
final class LogoutCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    private final Cli.Context context;

    LogoutCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        boolean removed = context.session().delete();
        client.out()
                .println(removed ? "Logged out: removed " + context.session().file() : "Not logged in.");
        return 0;
    }
}
