package dev.orderflow.launcher;

import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts every service as its own JVM, waits until each is ready, keeps them running, and stops them
 * all cleanly: SIGTERM first (Spring Boot shuts down gracefully), then a hard kill after a grace period.
 *
 * <p>Once the platform is up it supervises, as a process manager (systemd's {@code Restart=on-failure},
 * Kubernetes' restart policy) would: a service that exits is started again after an exponential,
 * jittered backoff, which grows while it keeps exiting and starts over once it stayed up for
 * {@link RestartPolicy#stableAfter()}. One that cannot start — it exits
 * {@link RestartPolicy#maxRestarts()} times in a row before it is ready — is a crash loop, reported
 * and given up on; a service killed now and then while it runs is always started again. Each
 * service's pid, state and restart count are written to {@link Platform#servicesFile()} for
 * {@code ./orderflow status}. A service that exits during the first start still fails {@code up} at
 * once with its log: that is a configuration error, not a crash to retry.
 */
class Supervisor {

    static final List<String> JVM_OPTIONS =
            List.of("-Xms32m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED");
    private static final Duration READY_TIMEOUT =
            Duration.ofSeconds(360); // eight JVMs at once on two cores: 137 s measured
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

    /**
     * When and how often a service that exited is started again.
     *
     * @param backoff the wait before the n-th restart in a row (n from 1)
     * @param maxRestarts exits in a row before the service was ready again, after which it is given up on
     * @param stableAfter how long a restarted service must stay up for the backoff to start over
     */
    record RestartPolicy(IntervalFunction backoff, int maxRestarts, Duration stableAfter) {

        /**
         * 1 s, 2 s, 4 s, ... (±50 %, at most {@code maxDelay}: 30 s unless {@code
         * ORDERFLOW_RESTART_MAX_DELAY} says otherwise); five restarts in a row; stable after a minute.
         */
        static RestartPolicy standard(Duration maxDelay) {
            Duration first = maxDelay.compareTo(Duration.ofSeconds(1)) < 0 ? maxDelay : Duration.ofSeconds(1);
            return new RestartPolicy(
                    IntervalFunction.ofExponentialRandomBackoff(first, 2.0, 0.5, maxDelay), 5, Duration.ofMinutes(1));
        }
    }

    enum State {
        STARTING,
        READY,
        RESTARTING,
        GAVE_UP,
        STOPPED
    }

    /** One service and what the supervisor knows of it; guarded by the supervisor's lock. */
    private static final class Supervised {
        final ServiceSpec spec;
        Process process;
        State state = State.STARTING;
        int restarts; // in all, since up
        int crashesInARow; // since it last stayed up for stableAfter: sets the backoff
        int failedStarts; // exits in a row before it was ready again: a crash loop
        long readySinceNanos;
        long startedNanos;
        Integer lastExit;

        Supervised(ServiceSpec spec) {
            this.spec = spec;
        }
    }

    private final Platform platform;
    private final List<ServiceSpec> specs;
    private final PrintStream out;
    private final Function<ServiceSpec, List<String>> command;
    private final RestartPolicy policy;
    private final Duration stopGrace;
    private final Map<String, Supervised> services = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "orderflow-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch finished = new CountDownLatch(1);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile boolean supervising;
    private volatile boolean stopping;

    Supervisor(Platform platform, PrintStream out, String java) {
        this(
                platform,
                platform.supervised(),
                out,
                service -> javaCommand(java, platform, service),
                RestartPolicy.standard(platform.restartMaxDelay()),
                STOP_GRACE);
    }

    /** @param stopGrace how long a service may take to stop after SIGTERM before it is killed */
    Supervisor(
            Platform platform,
            List<ServiceSpec> specs,
            PrintStream out,
            Function<ServiceSpec, List<String>> command,
            RestartPolicy policy,
            Duration stopGrace) {
        this.platform = platform;
        this.specs = List.copyOf(specs);
        this.out = out;
        this.command = command;
        this.policy = policy;
        this.stopGrace = stopGrace;
    }

    static List<String> javaCommand(String java, Platform platform, ServiceSpec service) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.add("-Xmx" + service.maxHeap());
        // A service that runs out of heap exits (above) and leaves its heap next to its log.
        command.add("-XX:+HeapDumpOnOutOfMemoryError");
        command.add("-XX:HeapDumpPath=" + platform.logs().resolve(service.name() + ".hprof"));
        if (service.mainClass() == null) {
            command.add("-jar");
            command.add(service.jar().toString());
        } else {
            command.add("-Dorderflow.logs=" + platform.logs());
            command.add("-cp");
            command.add(service.jar().toString());
            command.add(service.mainClass());
        }
        return command;
    }

    /** Fails with a clear message when a jar is missing or a port is taken, before anything starts. */
    void checkPorts() {
        if (!portFree(platform.demoReceiverPort())) {
            throw new LauncherException("Port " + platform.demoReceiverPort()
                    + " (the demo webhook receiver) is in use: is Orderflow already running? Try ./orderflow status");
        }
        for (ServiceSpec service : specs) {
            if (!Files.isRegularFile(service.jar())) {
                throw new LauncherException(
                        "Missing " + service.jar() + ": build first (./orderflow up builds what is out of date)");
            }
            for (int port : service.ports()) {
                if (!portFree(port)) {
                    throw new LauncherException("Port " + port + " (" + service.name()
                            + ") is in use: is Orderflow already running? Try ./orderflow status");
                }
            }
        }
    }

    /**
     * Starts Kafka and Zipkin, waits until they are ready (the services' clients find them at once), then
     * starts every service; {@link #awaitReady} waits for them.
     */
    void start(long startedNanos) throws IOException, InterruptedException {
        Files.createDirectories(platform.logs());
        launchAll(specs.stream().filter(this::infrastructure).toList());
        awaitStarted(startedNanos);
        launchAll(specs.stream().filter(spec -> !infrastructure(spec)).toList());
    }

    /** What the services need running before them and after them: the Kafka broker and Zipkin. */
    private boolean infrastructure(ServiceSpec spec) {
        return platform.infrastructure().stream().anyMatch(it -> it.name().equals(spec.name()));
    }

    private void launchAll(List<ServiceSpec> specs) throws IOException {
        for (ServiceSpec service : specs) {
            var supervised = new Supervised(service);
            synchronized (this) {
                services.put(service.name(), supervised);
                launch(supervised);
            }
            out.printf("  %-13s starting (pid %d)%n", service.name(), supervised.process.pid());
        }
        writeStatus();
    }

    /** Starts the service's process; caller holds the lock. */
    private void launch(Supervised supervised) throws IOException {
        ServiceSpec service = supervised.spec;
        var builder = new ProcessBuilder(command.apply(service))
                .directory(platform.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(service).toFile()));
        builder.environment().putAll(service.environment());
        Process process = builder.start();
        supervised.process = process;
        supervised.state = State.STARTING;
        supervised.startedNanos = System.nanoTime();
        process.onExit().thenAccept(exited -> exited(supervised, exited));
    }

    /** Waits until every service answers its readiness probe; fails fast if one dies first. */
    void awaitReady(long startedNanos) throws InterruptedException {
        awaitStarted(startedNanos);
        supervising = true;
        writeStatus();
    }

    private void awaitStarted(long startedNanos) throws InterruptedException {
        List<Supervised> waiting;
        synchronized (this) {
            waiting = new ArrayList<>(services.values().stream()
                    .filter(service -> service.state != State.READY)
                    .toList());
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!waiting.isEmpty()) {
            for (var it = waiting.iterator(); it.hasNext(); ) {
                Supervised service = it.next();
                Process process = service.process;
                if (!process.isAlive()) {
                    throw new LauncherException(service.spec.name() + " exited during start (code "
                            + process.exitValue() + "). Last lines of " + log(service.spec) + ":\n"
                            + tail(log(service.spec), 25));
                }
                if (ready(service.spec)) {
                    it.remove();
                    synchronized (this) {
                        service.state = State.READY;
                        service.readySinceNanos = System.nanoTime();
                    }
                    out.printf(
                            "  %-13s ready in %4.1f s  %-24s %s%n",
                            service.spec.name(),
                            (System.nanoTime() - startedNanos) / 1e9,
                            service.spec.url(),
                            rss(process.pid()));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new LauncherException("Not ready after " + READY_TIMEOUT.toSeconds() + " s: "
                        + waiting.stream().map(s -> s.spec.name()).toList() + " (see " + platform.logs() + ")");
            }
            TimeUnit.MILLISECONDS.sleep(PROBE_INTERVAL.toMillis());
        }
    }

    private void exited(Supervised service, Process process) {
        Duration wait;
        synchronized (this) {
            if (stopping || service.process != process) {
                return;
            }
            if (!supervising && service.state == State.STARTING) {
                return; // during the first start: awaitReady reports it and up fails
            }
            service.lastExit = process.exitValue();
            long now = System.nanoTime();
            boolean wasStable = service.state == State.READY
                    && now - service.readySinceNanos >= policy.stableAfter().toNanos();
            if (wasStable) {
                service.crashesInARow = 0; // the backoff starts again from its first step
            }
            service.crashesInARow++;
            if (service.state != State.READY) {
                service.failedStarts++; // exited before it was ready again: it cannot start
            }
            if (service.failedStarts >= policy.maxRestarts()) {
                service.state = State.GAVE_UP;
                out.printf(
                        "  %-13s crash loop: exited %d times in a row before it was ready (last code %d); gave up on it. See %s%n",
                        service.spec.name(), service.failedStarts, service.lastExit, log(service.spec));
                writeStatus();
                if (services.values().stream().allMatch(s -> s.state == State.GAVE_UP)) {
                    finished.countDown();
                }
                return;
            }
            wait = Duration.ofMillis(policy.backoff().apply(service.crashesInARow));
            service.state = State.RESTARTING;
            out.printf(
                    "  %-13s exited unexpectedly (code %d); restarting in %.1f s (restart %d in a row); see %s%n",
                    service.spec.name(),
                    service.lastExit,
                    wait.toMillis() / 1e3,
                    service.crashesInARow,
                    log(service.spec));
            writeStatus();
        }
        scheduler.schedule(() -> restart(service), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(Supervised service) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            try {
                launch(service);
            } catch (IOException e) {
                out.printf("  %-13s could not be started again: %s%n", service.spec.name(), e.getMessage());
                service.state = State.GAVE_UP;
                writeStatus();
                return;
            }
            service.restarts++;
            writeStatus();
        }
        probeUntilReady(service, service.process);
    }

    /** Polls the restarted service's readiness on the supervisor's thread, without blocking it. */
    private void probeUntilReady(Supervised service, Process process) {
        if (stopping || !process.isAlive() || service.process != process) {
            return; // stopped, or it died again: exited(...) takes over
        }
        if (ready(service.spec)) {
            synchronized (this) {
                if (service.process != process) {
                    return;
                }
                service.state = State.READY;
                service.readySinceNanos = System.nanoTime();
                service.failedStarts = 0;
                writeStatus();
            }
            out.printf(
                    "  %-13s restarted (pid %d, restart %d) and ready in %.1f s%n",
                    service.spec.name(),
                    process.pid(),
                    service.restarts,
                    (System.nanoTime() - service.startedNanos) / 1e9);
            return;
        }
        scheduler.schedule(() -> probeUntilReady(service, process), PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean ready(ServiceSpec service) {
        if (!service.httpReadiness()) {
            return listening(service.port());
        }
        try {
            var request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + service.port() + service.readinessPath()))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Is something accepting connections on this port of this machine? */
    static boolean listening(int port) {
        try (var socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Blocks while the platform runs: until {@link #stopAll()}, or every service was given up on.
     *
     * @return false if it ended because every service was given up on
     */
    boolean awaitExit() throws InterruptedException {
        finished.await();
        return stopping;
    }

    void stopAll() {
        List<Map.Entry<String, Process>> processes = new ArrayList<>();
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            services.forEach((name, service) -> {
                if (service.process != null) {
                    processes.add(Map.entry(name, service.process));
                }
                service.state = State.STOPPED;
            });
        }
        scheduler.shutdownNow();
        // The services first (SIGTERM: a graceful shutdown, in which they still publish to Kafka and
        // report spans), then what they need (Kafka, Zipkin), each wave waited for.
        Set<String> infrastructure = specs.stream()
                .filter(this::infrastructure)
                .map(ServiceSpec::name)
                .collect(java.util.stream.Collectors.toSet());
        stop(processes.stream()
                .filter(e -> !infrastructure.contains(e.getKey()))
                .toList());
        stop(processes.stream().filter(e -> infrastructure.contains(e.getKey())).toList());
        synchronized (this) {
            writeStatus();
        }
        finished.countDown();
    }

    private void stop(List<Map.Entry<String, Process>> processes) {
        long deadline = System.nanoTime() + stopGrace.toNanos();
        processes.forEach(entry -> entry.getValue().destroy());
        for (var entry : processes) {
            Process process = entry.getValue();
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    boolean dumped = dumpThreads(process);
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                    out.printf(
                            "  %-13s killed after %d s%s%n",
                            entry.getKey(),
                            stopGrace.toSeconds(),
                            dumped ? " (its threads at that moment are at the end of its log)" : "");
                } else {
                    out.printf("  %-13s stopped%n", entry.getKey());
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Asks a JVM that does not stop to print its threads (SIGQUIT: the JVM writes a thread dump to its
     * standard output, which is the service's log) so that what held it up can be read after the kill.
     * Not on Windows, which has no SIGQUIT.
     */
    private static boolean dumpThreads(Process process) throws InterruptedException {
        if (System.getProperty("os.name").startsWith("Windows")) {
            return false;
        }
        try {
            var quit = new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!quit.waitFor(5, TimeUnit.SECONDS) || quit.exitValue() != 0) {
                return false;
            }
            // the dump is written by the JVM's signal thread; a moment for it to reach the log
            return !process.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        }
    }

    /** The services file, rewritten whole at every change: {@code ./orderflow status} reads it. */
    private synchronized void writeStatus() {
        var status = new ServicesFile();
        services.forEach((name, service) -> status.put(
                name,
                new ServicesFile.Entry(
                        service.process == null ? -1 : service.process.pid(),
                        service.state.name().toLowerCase(),
                        service.restarts,
                        service.lastExit)));
        try {
            status.write(platform.servicesFile());
        } catch (IOException e) {
            out.printf("  could not write %s: %s%n", platform.servicesFile(), e.getMessage());
        }
    }

    Path log(ServiceSpec service) {
        return platform.logs().resolve(service.name() + ".log");
    }

    /** Resident memory of a process, from Linux's /proc (empty elsewhere). */
    static String rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return "RSS %d MiB".formatted(kb / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return "";
    }

    static boolean portFree(int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
