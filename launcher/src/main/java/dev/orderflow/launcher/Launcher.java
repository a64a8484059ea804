package dev.orderflow.launcher;

import dev.orderflow.cli.Cli;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./orderflow up | status | down}: runs the whole platform on one machine, no containers.
 * The {@code orderflow} script finds a JDK and builds what is out of date, then runs this.
 * Arguments are picocli's: a subcommand per action, {@code --help} on each, exit code 2 for a
 * usage error.
 */
@Command(
        name = "./orderflow",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT, // --help on every subcommand too
        subcommands = HelpCommand.class,
        description = {
            "Runs Orderflow on this machine (up, status, down: an embedded Kafka broker and every service as",
            "its own JVM), and calls it: the client commands below use the Java SDK over every dialect."
        },
        footer = {
            "",
            "Environment (defaults):",
            "  ORDERFLOW_DATA_DIR (./data)         ORDERFLOW_KAFKA_PORT (9094)",
            "  ORDERFLOW_IDENTITY_PORT (8081)      ORDERFLOW_ORDERS_PORT (8082)",
            "  ORDERFLOW_NOTIFICATIONS_PORT (8083) ORDERFLOW_ANALYTICS_PORT (8084)",
            "  ORDERFLOW_INVENTORY_PORT (9091)     ORDERFLOW_INVENTORY_HTTP_PORT (8091)",
            "  ORDERFLOW_SHIPPING_PORT (9092)      ORDERFLOW_SHIPPING_HTTP_PORT (8092)",
            "  ORDERFLOW_PARTNERS_PORT (8085)      ORDERFLOW_SHIPPING_STEP_INTERVAL (PT5S)",
            "  ORDERFLOW_WEBHOOKS_PORT (8086)      ORDERFLOW_DEMO_RECEIVER_PORT (8087)",
            "",
            "Client commands: credentials from ORDERFLOW_TOKEN, or ORDERFLOW_CLIENT_ID and",
            "ORDERFLOW_CLIENT_SECRET, or ./orderflow login; services at ORDERFLOW_<SERVICE>_URL",
            "(default: localhost at the ports above).",
            "Exit codes: 0 ok, 1 failed, 2 usage, 3 not ready (status), 4 not logged in or",
            "refused, 5 not found, 6 rejected (invalid, or conflicts with the state),",
            "7 unavailable (after retries).",
        })
public final class Launcher implements Callable<Integer> {

    private final Platform platform;
    private final PrintStream out;

    Launcher(Platform platform, PrintStream out) {
        this.platform = platform;
        this.out = out;
    }

    public static void main(String[] args) {
        Platform platform = Platform.fromEnvironment(System.getenv());
        System.setProperty("orderflow.logs", platform.logs().toString()); // read by logback.xml
        var launcher = new Launcher(platform, System.out);
        try {
            System.exit(launcher.run(List.of(args), System.err));
        } catch (LauncherException e) {
            System.err.println("orderflow: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("orderflow: " + e);
            System.exit(1);
        }
    }

    /** Runs one command line; a {@link LauncherException} from a command propagates to the caller. */
    int run(List<String> args, PrintStream err) throws Exception {
        var commandLine = new CommandLine(this);
        Cli.install(commandLine, Cli.Context.system()); // before setOut/setErr, which reach subcommands present
        commandLine
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((failure, line, parsed) -> {
                    if (Cli.handles(failure)) {
                        return Cli.handle(failure, line, parsed); // a client command's failure: one line, its exit code
                    }
                    throw failure;
                });
        return commandLine.execute(args.toArray(String[]::new));
    }

    /** No command: {@code up}. */
    @Override
    public Integer call() throws Exception {
        return up(false, false);
    }

    @Command(
            name = "up",
            description = "Start every service, wait until each is ready, print URLs and demo credentials.")
    int up(
            @Option(names = "--fresh", description = "start with empty data (removes the data folder)") boolean fresh,
            @Option(names = "--detach", description = "run in the background; return once ready") boolean detach)
            throws Exception {
        Optional<ProcessHandle> already = launcherProcess();
        if (already.isPresent()) {
            throw new LauncherException("Orderflow is already running (launcher pid "
                    + already.get().pid() + "); ./orderflow status, or ./orderflow down");
        }
        if (fresh) {
            deleteRecursively(platform.dataDir());
            out.println("Starting fresh: removed " + platform.dataDir());
        }
        Files.createDirectories(platform.logs());
        if (detach) {
            return detach();
        }
        long started = System.nanoTime();
        out.println("Starting Orderflow (data: " + platform.dataDir() + ", logs: " + platform.logs() + ")");
        var supervisor = new Supervisor(platform, out, currentJava());
        List<DemoReceiver> receivers = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread stopper = new Thread(
                () -> {
                    out.println("Stopping Orderflow...");
                    supervisor.stopAll(); // Kafka and Zipkin last: the services flush events and spans while stopping
                    receivers.forEach(DemoReceiver::close);
                    deletePidFile();
                },
                "orderflow-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        Files.writeString(
                platform.pidFile(), String.valueOf(ProcessHandle.current().pid()));
        supervisor.checkPorts();
        // Before the services: the webhooks service pings the demo endpoint when it registers it.
        receivers.add(DemoReceiver.start(platform.demoReceiverPort(), platform.logs(), out));
        supervisor.start(started);
        supervisor.awaitReady(started);
        out.printf("%nOrderflow is up in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        printWelcome();
        out.println(
                "Ctrl-C stops everything. A service that exits is started again (./orderflow status shows restarts).");
        if (!supervisor.awaitExit()) {
            out.println("Every service was given up on; stopping.");
            return 1;
        }
        return 0;
    }

    /** Starts a launcher in the background (its own session, so closing the terminal does not stop it). */
    private int detach() throws Exception {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(currentJava());
        // The same JVM settings as this launcher's.
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "up"));
        Path log = platform.logs().resolve("launcher.log");
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        out.println("Starting Orderflow in the background (log: " + log + ")");
        var probe = new Supervisor(platform, out, currentJava());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(360);
        while (!platform.supervised().stream().allMatch(probe::ready)) {
            if (!process.isAlive()) {
                throw new LauncherException("the background launcher stopped:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new LauncherException("not ready after 360 s; see " + log);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        out.println("Orderflow is up.");
        printWelcome();
        out.println("./orderflow status shows it; ./orderflow down stops it.");
        return 0;
    }

    @Command(name = "status", description = "Is each service ready? Exit code 0 if all are, 3 if not.")
    int status() {
        Optional<ProcessHandle> launcher = launcherProcess();
        out.println(launcher.map(p -> "Orderflow launcher running (pid " + p.pid() + ")")
                .orElse("Orderflow launcher not running"));
        var probe = new Supervisor(platform, out, currentJava());
        // What the running launcher's supervisor knows: pids, restarts, a service it gave up on.
        var supervised = launcher.isPresent() ? ServicesFile.read(platform.servicesFile()) : new ServicesFile();
        boolean allReady = true;
        for (ServiceSpec service : platform.supervised()) {
            boolean ready = probe.ready(service);
            allReady &= ready;
            String detail = supervised
                    .get(service.name())
                    .map(entry -> "  pid %-8d restarts %d%s%s"
                            .formatted(
                                    entry.pid(),
                                    entry.restarts(),
                                    entry.lastExit() == null ? "" : " (last exit code " + entry.lastExit() + ")",
                                    switch (entry.state()) {
                                        case "restarting" -> ", restarting";
                                        case "starting" -> ", starting";
                                        case "gave_up" -> ", gave up: crash loop (see its log)";
                                        default -> "";
                                    }))
                    .orElse("");
            out.printf("  %-13s %-8s %-24s%s%n", service.name(), ready ? "ready" : "down", service.url(), detail);
        }
        return launcher.isPresent() && allReady ? 0 : 3;
    }

    @Command(name = "down", description = "Stop a platform started with --detach.")
    int down() throws InterruptedException {
        Optional<ProcessHandle> launcher = launcherProcess();
        if (launcher.isEmpty()) {
            out.println("Orderflow is not running.");
            return 0;
        }
        out.println("Stopping Orderflow (launcher pid " + launcher.get().pid() + ")...");
        launcher.get().destroy();
        try {
            launcher.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new LauncherException("the launcher did not stop within 60 s (pid "
                    + launcher.get().pid() + ")");
        }
        out.println("Stopped.");
        return 0;
    }

    private void printWelcome() {
        out.println();
        for (ServiceSpec service : platform.supervised()) {
            out.printf("  %-13s %-24s %s%n", service.name(), service.url(), service.summary());
        }
        String identity = url("identity");
        String orders = url("orders");
        out.println();
        if (!platform.without().containsAll(Platform.OPTIONAL)) {
            out.println("Open in a browser:");
        }
        if (!platform.without().contains("edge")) {
            out.println("  storefront " + url("edge")
                    + "/            (customers alice / alice-password, bob / bob-password)");
            out.println("  dashboard  " + url("edge")
                    + "/dashboard   (partner carol / carol-password, analyst dan / dan-password)");
        }
        if (!platform.without().contains("zipkin")) {
            out.println("  traces     http://localhost:" + platform.zipkinPort()
                    + "/zipkin/   (Zipkin; each order page links its trace)");
        }
        if (!platform.without().isEmpty()) {
            out.println("  (left out by ORDERFLOW_WITHOUT: " + String.join(", ", platform.without()) + ")");
        }
        out.println();
        out.println("Demo credentials (embedded default only):");
        out.println(
                "  client orderflow-cli / orderflow-cli-secret   client credentials, scopes orders:read orders:write orders:refund analytics:read analytics:admin webhooks:manage inventory:read shipping:read");
        out.println(
                "  client partner-acme  / partner-acme-secret    client credentials, scopes orders:read orders:write orders:refund webhooks:manage");
        out.println(
                "  client analytics-dashboard / analytics-dashboard-secret   client credentials, scopes analytics:read analytics:pii");
        out.println("  client storefront    (public)                 authorization code + PKCE for customers");
        out.println("  client orderflow-edge / orderflow-edge-secret the edge's sign-in (code + PKCE, on the server)");
        out.println("  customers alice / alice-password, bob / bob-password");
        out.println("  partner carol / carol-password (refunds), analyst dan / dan-password (analytics)");
        out.println("  payment provider (partners) keys, account acct_orderflow:");
        out.println("    secret      sk_test_orderflow_embedded_demo_key   (servers)");
        out.println("    publishable pk_test_orderflow_embedded_demo_key   (browsers: confirm a payment intent)");
        String partners = url("partners");
        out.println("  bank (partners) SOAP at " + partners
                + "/bank/ws?wsdl, WS-Security user orderflow-orders / orderflow-bank-secret (PasswordDigest)");
        out.println();
        out.println("Try:");
        out.println("  TOKEN=$(curl -s -u orderflow-cli:orderflow-cli-secret -d grant_type=client_credentials \\");
        out.println("      -d 'scope=orders:read orders:write' " + identity
                + "/oauth2/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
        out.println("  curl -s " + orders + "/api/products?size=3");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + orders + "/api/orders");
        String analytics = url("analytics");
        out.println("  GraphiQL: " + analytics + "/graphiql (the Authorization header goes in its Headers tab)");
        out.println("  Webhooks: partner-acme's demo endpoint delivers every order event to the demo receiver;");
        out.println("            curl -s "
                + DemoReceiver.url(platform.demoReceiverPort()).replace("/webhooks", "/")
                + " lists what it got (signatures verified)");
        out.println();
    }

    private String url(String service) {
        return platform.services().stream()
                .filter(spec -> spec.name().equals(service))
                .findFirst()
                .map(ServiceSpec::url)
                .orElseThrow();
    }

    private Optional<ProcessHandle> launcherProcess() {
        try {
            if (!Files.exists(platform.pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(platform.pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.info()
                    .commandLine()
                    .map(c -> c.contains(Launcher.class.getName()) || c.contains("orderflow-launcher"))
                    .orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(platform.pidFile());
        } catch (IOException ignored) {
            // the next start overwrites it
        }
    }

    private static String currentJava() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
