package dev.orderflow.launcher;

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
import java.util.concurrent.TimeUnit;

/**
 * Starts every service as its own JVM, waits until each is ready, and stops them all cleanly:
 * SIGTERM first (Spring Boot shuts down gracefully), then a hard kill after a grace period.
 */
class Supervisor {

    static final List<String> JVM_OPTIONS =
            List.of("-Xms32m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED");
    private static final Duration READY_TIMEOUT =
            Duration.ofSeconds(360); // eight JVMs at once on two cores: 137 s measured
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Platform platform;
    private final PrintStream out;
    private final String java;
    private final Map<ServiceSpec, Process> running = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile boolean stopping;

    Supervisor(Platform platform, PrintStream out, String java) {
        this.platform = platform;
        this.out = out;
        this.java = java;
    }

    /** Fails with a clear message when a jar is missing or a port is taken, before anything starts. */
    void checkPorts() {
        if (!portFree(platform.kafkaPort())) {
            throw new LauncherException("Port " + platform.kafkaPort()
                    + " (kafka) is in use: is Orderflow already running? Try ./orderflow status");
        }
        if (!portFree(platform.demoReceiverPort())) {
            throw new LauncherException("Port " + platform.demoReceiverPort()
                    + " (the demo webhook receiver) is in use: is Orderflow already running? Try ./orderflow status");
        }
        for (ServiceSpec service : platform.services()) {
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

    void start() throws IOException {
        Files.createDirectories(platform.logs());
        for (ServiceSpec service : platform.services()) {
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(JVM_OPTIONS);
            command.add("-Xmx" + service.maxHeap());
            // A service that runs out of heap exits (above) and leaves its heap next to its log.
            command.add("-XX:+HeapDumpOnOutOfMemoryError");
            command.add("-XX:HeapDumpPath=" + platform.logs().resolve(service.name() + ".hprof"));
            command.add("-jar");
            command.add(service.jar().toString());
            var builder = new ProcessBuilder(command)
                    .directory(platform.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(log(service).toFile()));
            builder.environment().putAll(service.environment());
            Process process = builder.start();
            running.put(service, process);
            process.onExit().thenAccept(exited -> {
                if (!stopping) {
                    out.printf(
                            "  %-13s exited unexpectedly (code %d); see %s%n",
                            service.name(), exited.exitValue(), log(service));
                }
            });
            out.printf("  %-13s starting (pid %d)%n", service.name(), process.pid());
        }
    }

    /** Waits until every service answers its readiness probe; fails fast if one dies first. */
    void awaitReady(long startedNanos) throws InterruptedException {
        List<ServiceSpec> waiting = new ArrayList<>(running.keySet());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!waiting.isEmpty()) {
            for (var it = waiting.iterator(); it.hasNext(); ) {
                ServiceSpec service = it.next();
                Process process = running.get(service);
                if (!process.isAlive()) {
                    throw new LauncherException(service.name() + " exited during start (code " + process.exitValue()
                            + "). Last lines of " + log(service) + ":\n" + tail(log(service), 25));
                }
                if (ready(service)) {
                    it.remove();
                    out.printf(
                            "  %-13s ready in %4.1f s  %-24s %s%n",
                            service.name(),
                            (System.nanoTime() - startedNanos) / 1e9,
                            service.url(),
                            rss(process.pid()));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new LauncherException("Not ready after " + READY_TIMEOUT.toSeconds() + " s: "
                        + waiting.stream().map(ServiceSpec::name).toList() + " (see " + platform.logs() + ")");
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling interval of the readiness probe
        }
    }

    boolean ready(ServiceSpec service) {
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

    /** Blocks until every service has exited (or the launcher is told to stop). */
    void awaitExit() throws InterruptedException {
        for (Process process : running.values()) {
            process.waitFor();
        }
    }

    void stopAll() {
        stopping = true;
        running.values().forEach(Process::destroy); // SIGTERM: graceful shutdown
        for (var entry : running.entrySet()) {
            Process process = entry.getValue();
            try {
                if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                    out.printf("  %-13s killed after %d s%n", entry.getKey().name(), STOP_GRACE.toSeconds());
                } else {
                    out.printf("  %-13s stopped%n", entry.getKey().name());
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
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
