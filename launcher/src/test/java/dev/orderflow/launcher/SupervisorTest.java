package dev.orderflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.resilience4j.core.IntervalFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a process manager, with real processes killed by SIGKILL. */
class SupervisorTest {

    @TempDir
    Path data;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<Long> backoffAskedFor = new CopyOnWriteArrayList<>();
    private Supervisor supervisor;
    private Platform platform;
    private int port;

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.stopAll();
        }
    }

    @Test
    void startsAServiceKilledWithSigkillAgainAndCountsTheRestart() throws Exception {
        startOneFakeService();
        long firstPid = status().pid();

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly(); // SIGKILL

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var entry = status();
            assertThat(entry.state()).isEqualTo("ready");
            assertThat(entry.restarts()).isEqualTo(1);
            assertThat(entry.pid()).isNotEqualTo(firstPid);
            assertThat(entry.lastExit()).isEqualTo(137); // 128 + SIGKILL
        });
        assertThat(answersReady()).isTrue();
        assertThat(output())
                .contains("fake          exited unexpectedly (code 137); restarting in 0.1 s (restart 1 in a row)")
                .contains("fake          restarted (pid " + status().pid() + ", restart 1) and ready in");
        assertThat(backoffAskedFor).containsExactly(1L);
    }

    @Test
    void givesUpOnACrashLoopAfterTheAllowedRestartsInARowWithGrowingWaits() throws Exception {
        startOneFakeService();
        Files.createFile(crashMarker()); // from now on the service exits at once with code 3

        ProcessHandle.of(status().pid()).orElseThrow().destroyForcibly();

        boolean stoppedByUs = assertTimeoutPreemptively(Duration.ofSeconds(60), supervisor::awaitExit);
        assertThat(stoppedByUs)
                .as("it ends because every service was given up on")
                .isFalse();
        var entry = status();
        assertThat(entry.state()).isEqualTo("gave_up");
        assertThat(entry.restarts()).isEqualTo(3);
        assertThat(entry.lastExit()).isEqualTo(3);
        assertThat(backoffAskedFor)
                .as("the n-th restart in a row waits backoff(n)")
                .containsExactly(1L, 2L, 3L);
        assertThat(output())
                .contains("(restart 3 in a row)")
                .contains(
                        "fake          crash loop: exited 3 times in a row before it was ready (last code 3); gave up on it");
        assertThat(ProcessHandle.of(entry.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    }

    /** Killed while it runs, more often than a crash loop allows: it started each time, so it is kept. */
    @Test
    void aServiceKilledAgainAndAgainWhileItRunsIsAlwaysStartedAgainWithAGrowingBackoff() throws Exception {
        startOneFakeService();

        for (int kill = 1; kill <= 4; kill++) {
            long pid = status().pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> status().pid() != pid && status().state().equals("ready"));
        }

        assertThat(status().restarts()).isEqualTo(4);
        assertThat(backoffAskedFor)
                .as("it never stayed up a minute: the backoff grows")
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(output()).doesNotContain("crash loop");
    }

    @Test
    void aServiceStoppedWithThePlatformIsNotStartedAgain() throws Exception {
        startOneFakeService();
        long pid = status().pid();

        supervisor.stopAll();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), supervisor::awaitExit))
                .isTrue();
        assertThat(status().state()).isEqualTo("stopped");
        assertThat(status().restarts()).isZero();
        assertThat(output()).contains("fake          stopped").doesNotContain("restart");
    }

    private void startOneFakeService() throws Exception {
        port = freePort();
        var service = new ServiceSpec(
                "fake", data.resolve("fake.jar"), port, "/ready", Map.of(), "a stand-in service", "32m");
        platform = new Platform(
                data,
                data,
                freePort(),
                freePort(),
                freePort(),
                List.of(service),
                java.util.Set.of(),
                Duration.ofSeconds(30));
        IntervalFunction backoff = attempt -> {
            backoffAskedFor.add(attempt.longValue());
            return 100L * attempt;
        };
        supervisor = new Supervisor(
                platform,
                List.of(service),
                new PrintStream(output, true),
                spec -> List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx32m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FakeService.class.getName(),
                        String.valueOf(spec.port()),
                        crashMarker().toString(),
                        hangMarker().toString()),
                new Supervisor.RestartPolicy(backoff, 3, Duration.ofMinutes(1)),
                Duration.ofSeconds(1));
        supervisor.start(System.nanoTime());
        supervisor.awaitReady(System.nanoTime());
        assertThat(status().state()).isEqualTo("ready");
    }

    @Test
    void aServiceThatDoesNotStopIsKilledAfterTheGraceWithItsThreadsInItsLog() throws Exception {
        Files.createFile(hangMarker()); // its shutdown hook never returns
        startOneFakeService();
        long pid = status().pid();

        supervisor.stopAll();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(output())
                .contains("fake          killed after 1 s (its threads at that moment are at the end of its log)");
        assertThat(Files.readString(platform.logs().resolve("fake.log")))
                .as("the JVM's thread dump, with the thread that held the shutdown")
                .contains("Full thread dump")
                .contains("\"stuck-shutdown-hook\"")
                .contains("FakeService.holdTheShutdown");
        assertThat(status().state()).isEqualTo("stopped");
    }

    private ServicesFile.Entry status() {
        return ServicesFile.read(platform.servicesFile()).get("fake").orElseThrow();
    }

    private Path hangMarker() {
        return data.resolve("hang");
    }

    private Path crashMarker() {
        return data.resolve("crash");
    }

    private boolean answersReady() throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    private String output() {
        return output.toString();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
