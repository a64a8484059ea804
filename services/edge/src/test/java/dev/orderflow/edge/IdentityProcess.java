package dev.orderflow.edge;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real identity service, run from its jar (built earlier in the reactor) in a JVM of its own:
 * the edge's sign-in is tested against the authorization server it will meet, not a stand-in. Its
 * embedded profile declares the edge's client, with redirect URIs on {@code edgePort}.
 */
final class IdentityProcess implements AutoCloseable {

    private final Process process;
    private final URI issuer;

    private IdentityProcess(Process process, URI issuer) {
        this.process = process;
        this.issuer = issuer;
    }

    static IdentityProcess start(int port, int edgePort, Path data) throws IOException {
        Path jar = Path.of("../identity/target/orderflow-identity.jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build services/identity first (./mvnw package)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("identity.log").toFile());
        var env = builder.environment();
        env.put("SPRING_PROFILES_ACTIVE", "embedded");
        env.put("ORDERFLOW_IDENTITY_PORT", String.valueOf(port));
        env.put("ORDERFLOW_IDENTITY_ISSUER", "http://localhost:" + port);
        env.put("ORDERFLOW_EDGE_PORT", String.valueOf(edgePort));
        env.put("ORDERFLOW_DATA_DIR", data.toString());
        env.put("MANAGEMENT_TRACING_EXPORT_ENABLED", "false");
        var identity = new IdentityProcess(builder.start(), URI.create("http://localhost:" + port));
        identity.awaitReady();
        return identity;
    }

    URI issuer() {
        return issuer;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("identity exited with " + process.exitValue());
                    }
                    try {
                        return http.send(
                                                HttpRequest.newBuilder(issuer.resolve("/actuator/health/readiness"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
