package dev.orderflow.launcher;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in service process for the supervisor's tests: answers {@code /ready} with 200 on the port
 * it is given, until killed; exits at once with code 3 while the first file it is given exists (a crash
 * loop); does not stop on SIGTERM when the second file it is given existed at its start (a shutdown that
 * hangs: its shutdown hook waits forever in {@link #holdTheShutdown}).
 */
public final class FakeService {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        if (Files.exists(Path.of(args[1]))) {
            System.exit(3);
        }
        if (Files.exists(Path.of(args[2]))) {
            Runtime.getRuntime().addShutdownHook(new Thread(FakeService::holdTheShutdown, "stuck-shutdown-hook"));
        }
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start(); // non-daemon: runs until the process is killed
    }

    private static void holdTheShutdown() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
