package dev.orderflow.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of a service that can lose one answer on purpose: once {@link #arm armed}, the
 * first bytes of the next answer to come back from the service are kept from the client (who sees the
 * connection close with no response), recorded, and an action runs at that instant — the fault tests
 * {@code kill -9} the service there, after it committed the request's effect and before its client
 * heard of it.
 *
 * <p>Hand-written (about 80 lines) because the cut must happen on the first byte of one answer of one
 * connection; the in-JVM fault proxies on Maven Central (NetCrusher) filter or throttle whole streams
 * but have no hook at that point.
 */
final class CutAnswerProxy implements AutoCloseable {

    private final int upstreamPort;
    private final ServerSocket server;
    private final AtomicReference<Runnable> trap = new AtomicReference<>();
    private final List<String> cutAnswers = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    CutAnswerProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("cut-proxy-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next answer from the service is cut and {@code atTheCut} runs; false if one is pending. */
    boolean arm(Runnable atTheCut) {
        return trap.compareAndSet(null, atTheCut);
    }

    boolean armed() {
        return trap.get() != null;
    }

    /** The first bytes of every answer cut so far (status line and headers at least). */
    List<String> cutAnswers() {
        return List.copyOf(cutAnswers);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofVirtual().start(() -> connect(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(Socket client) {
        Socket upstream;
        try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        } catch (IOException down) {
            closeQuietly(client); // the service is down: the client sees a refused/closed connection
            return;
        }
        sockets.add(upstream);
        Thread.ofVirtual().start(() -> pipe(client, upstream, false));
        pipe(upstream, client, true);
    }

    private void pipe(Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                Runnable atTheCut = answers ? trap.getAndSet(null) : null;
                if (atTheCut != null) {
                    cutAnswers.add(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                    atTheCut.run();
                    return; // both sockets close: the client never gets this answer
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        sockets.forEach(CutAnswerProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
