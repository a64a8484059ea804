package dev.orderflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for data-access tests, one per test JVM: a fresh cluster made with
 * Debian's {@code initdb} under the temp directory, listening on a free loopback port, removed when
 * the JVM exits. Testcontainers would be the usual choice; these machines have no container engine,
 * and a private cluster needs nothing from the host but the package ({@code apt-get install
 * postgresql}, which {@code .ci/run} does). As root, the server runs as the package's {@code
 * postgres} user, because PostgreSQL refuses to run as root.
 */
public final class PostgresServer {

    private static PostgresServer instance;

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin) throws IOException, InterruptedException {
        this.bin = bin;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        this.dataDir = Files.createTempDirectory("orderflow-pg-");
        this.port = freePort();
        if (asPostgresUser) {
            run(List.of("chown", "postgres:postgres", dataDir.toString()), false);
        }
        run(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        dataDir.toString(),
                        "-U",
                        "orderflow",
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--no-sync"),
                true);
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dataDir.toString(),
                        "-w",
                        "-l",
                        dataDir.resolve("server.log").toString(),
                        "-o",
                        "-p " + port + " -h 127.0.0.1 -k " + dataDir + " -c fsync=off -c max_connections=200",
                        "start"),
                true);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "postgres-stop"));
    }

    /** The shared server, started on first use. */
    public static synchronized PostgresServer get() {
        if (instance == null) {
            try {
                instance = new PostgresServer(findBinaries());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** A new, empty database; returns its JDBC URL (user {@code orderflow}, no password). */
    public String createDatabase() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), "orderflow", "");
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create a test database: " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /**
     * Spring Boot's datasource properties for a new, empty database: add each to a test's
     * {@code DynamicPropertyRegistry} ({@code newDatabase().forEach((k, v) -> registry.add(k, () -> v))}).
     */
    public Map<String, String> newDatabase() {
        return Map.of(
                "spring.datasource.url", createDatabase(),
                "spring.datasource.username", "orderflow",
                "spring.datasource.password", "");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "stop"), true);
        } catch (Exception e) {
            // The JVM is exiting; the temp directory is left for the OS to clean.
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private void run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("PostgreSQL command failed: " + String.join(" ", full) + "\n" + output);
        }
    }

    private static Path findBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .max(Comparator.comparing(bin ->
                                Integer.parseInt(bin.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb);"
                + " the data-access tests run against both H2 and PostgreSQL: apt-get install postgresql");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
