package dev.orderflow.cli;

import dev.orderflow.sdk.OrderflowException;
import dev.orderflow.sdk.ProblemException;
import dev.orderflow.sdk.graphql.GraphQlException;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The client commands of {@code ./orderflow} (beside the launcher's {@code up}, {@code down},
 * {@code status}): each a picocli {@code Callable<Integer>} on the SDK, output through the command
 * spec (so tests capture it), exit codes from {@link CliException}.
 */
@Command(
        name = "orderflow-cli",
        mixinStandardHelpOptions = true,
        description = "The Orderflow client commands (standalone; ./orderflow has them too).",
        subcommands = CommandLine.HelpCommand.class)
public final class Cli {

    /** What every command may use besides its options: environment, the saved login, the clock, stdin. */
    public record Context(Map<String, String> env, Session session, Clock clock, InputStream in) {
        public static Context system() {
            return new Context(System.getenv(), Session.fromEnvironment(System.getenv()), Clock.systemUTC(), System.in);
        }

        /** Commands reading {@code env} (the saved login where it says), no input (benchmarks, embedding). */
        public static Context of(Map<String, String> env, Clock clock) {
            return new Context(env, Session.fromEnvironment(env), clock, InputStream.nullInputStream());
        }
    }

    /** The client commands, in the order {@code --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(
            LoginCommand.class,
            LogoutCommand.class,
            ProductsCommand.class,
            OrdersCommand.class,
            StockCommand.class,
            ShipmentCommand.class,
            EventsCommand.class,
            AnalyticsCommand.class,
            WebhooksCommand.class,
            ExportCommand.class,
            DemoCommand.class);

    private Cli() {}

    /** Adds the client commands to {@code root} (the launcher's {@code ./orderflow}). */
    public static void install(CommandLine root, Context context) {
        var factory = factory(context);
        for (Class<?> command : COMMANDS) {
            root.addSubcommand(new CommandLine(command, factory));
        }
    }

    /** A standalone command line with every client command (tests, and {@code java -cp … Cli}). */
    public static CommandLine commandLine(Context context, PrintWriter out, PrintWriter err) {
        var line = new CommandLine(new Cli(), factory(context));
        install(line, context);
        line.setOut(out).setErr(err);
        line.setExecutionExceptionHandler(Cli::handle);
        return line;
    }

    public static void main(String[] args) {
        var line = commandLine(Context.system(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(line.execute(args));
    }

    /** Prints a failure as one clear line (no stack trace) and returns its exit code. */
    public static int handle(Exception failure, CommandLine line, CommandLine.ParseResult parsed) {
        PrintWriter err = line.getErr();
        int code = exitCode(failure);
        err.println("orderflow: " + message(failure));
        if (failure instanceof ProblemException problem) {
            problem.errors().forEach(e -> err.println("  " + e.field() + ": " + e.message()));
        }
        err.flush();
        return code;
    }

    /** Whether {@link #handle} knows this failure (the launcher rethrows the others). */
    public static boolean handles(Exception failure) {
        return failure instanceof CliException
                || failure instanceof OrderflowException
                || failure instanceof StatusRuntimeException;
    }

    static int exitCode(Throwable failure) {
        if (failure instanceof CliException cli) {
            return cli.exitCode();
        }
        if (failure instanceof ProblemException problem) {
            return switch (problem.status()) {
                case 401, 403 -> CliException.USAGE_OR_LOGIN;
                case 404 -> CliException.NOT_FOUND;
                case 400, 409, 412, 415, 422 -> CliException.REJECTED;
                default -> CliException.UNAVAILABLE;
            };
        }
        if (failure instanceof GraphQlException) {
            return CliException.REJECTED;
        }
        if (failure instanceof StatusRuntimeException grpc) {
            return switch (grpc.getStatus().getCode()) {
                case UNAUTHENTICATED, PERMISSION_DENIED -> CliException.USAGE_OR_LOGIN;
                case NOT_FOUND -> CliException.NOT_FOUND;
                case INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS -> CliException.REJECTED;
                default -> CliException.UNAVAILABLE;
            };
        }
        if (failure instanceof OrderflowException) {
            return CliException.UNAVAILABLE;
        }
        return CliException.FAILED;
    }

    private static String message(Throwable failure) {
        if (failure instanceof StatusRuntimeException grpc) {
            return "gRPC " + grpc.getStatus().getCode()
                    + (grpc.getStatus().getDescription() == null
                            ? ""
                            : ": " + grpc.getStatus().getDescription());
        }
        if (failure instanceof ProblemException problem) {
            return problem.getMessage() + " [" + problem.code() + "]";
        }
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    /** Creates commands and mixins with the context when they take it. */
    static CommandLine.IFactory factory(Context context) {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    Constructor<K> withContext = type.getDeclaredConstructor(Context.class);
                    withContext.setAccessible(true);
                    return withContext.newInstance(context);
                } catch (NoSuchMethodException none) {
                    return fallback.create(type);
                }
            }
        };
    }
}
