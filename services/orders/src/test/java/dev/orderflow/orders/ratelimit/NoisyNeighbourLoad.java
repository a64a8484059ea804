package dev.orderflow.orders.ratelimit;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The load of {@link NoisyNeighbourTest}, in a JVM of its own so that the clients' own work (their
 * HTTP stacks, their garbage) is not the server's: a quiet client and its neighbour, as two
 * clients on other machines would be. Arguments: the quiet client's URI and token, the
 * neighbour's URI and token, the neighbour's rates (requests per second) in the order they take
 * turns, windows, requests per window, the quiet client's rate. Prints one line per neighbour
 * rate, {@code latencies <rate> <ns> <ns> ...} (rate 0: the neighbour idle, measured last), then
 * {@code neighbour <status>=<count> ...} (the neighbour's answers in the windows that take turns).
 */
public final class NoisyNeighbourLoad {

    public static void main(String[] args) throws Exception {
        URI quiet = URI.create(args[0]);
        String quietToken = args[1];
        URI noisy = URI.create(args[2]);
        String noisyToken = args[3];
        int[] order = java.util.Arrays.stream(args[4].split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int windows = Integer.parseInt(args[5]);
        int window = Integer.parseInt(args[6]);
        int quietPerSecond = Integer.parseInt(args[7]);
        new NoisyNeighbourLoad().run(quiet, quietToken, noisy, noisyToken, order, windows, window, quietPerSecond);
    }

    private void run(
            URI quiet,
            String quietToken,
            URI noisy,
            String noisyToken,
            int[] order,
            int windows,
            int window,
            int quietPerSecond)
            throws Exception {
        // Warm the quiet path; the neighbour spends its whole bucket, so from here on it is served
        // at its refill rate at most, whatever it sends: at its budget's rate it keeps the bucket
        // empty, above it it is held at its limit.
        paced(quiet, quietToken, 2_000, 1_000, null, null);
        Map<Integer, List<Long>> latencies = new TreeMap<>();
        Map<Integer, AtomicInteger> noisyAnswers = new ConcurrentHashMap<>();
        for (int burst = 0; burst < 100 && !noisyAnswers.containsKey(429); burst++) {
            paced(noisy, noisyToken, 500, 5_000, noisyAnswers, null);
        }
        if (!noisyAnswers.containsKey(429)) {
            throw new IllegalStateException("the neighbour did not reach its limit: " + noisyAnswers);
        }
        noisyAnswers.clear();
        var neighbourRate = new AtomicInteger(); // requests per second; 0: idle
        var done = new AtomicBoolean();
        Thread neighbour = Thread.ofPlatform().name("neighbour").start(() -> {
            while (!done.get()) {
                int rate = neighbourRate.get();
                if (rate > 0) {
                    paced(noisy, noisyToken, Integer.MAX_VALUE, rate, noisyAnswers, () -> neighbourRate.get() == rate);
                } else {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        });
        try {
            for (int w = 0; w < windows; w++) {
                int rate = order[w % order.length];
                neighbourRate.set(rate);
                latencies
                        .computeIfAbsent(rate, r -> new ArrayList<>())
                        .addAll(paced(quiet, quietToken, window, quietPerSecond, null, null));
            }
        } finally {
            done.set(true);
            neighbourRate.set(0);
            neighbour.join();
        }
        // For reference, last: the neighbour idle (not taking turns with the rest, since an idle
        // neighbour banks tokens it would spend in the next windows).
        for (int w = 0; w < windows / order.length; w++) {
            latencies
                    .computeIfAbsent(0, r -> new ArrayList<>())
                    .addAll(paced(quiet, quietToken, window, quietPerSecond, null, null));
        }
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        latencies.forEach((rate, values) -> out.println("latencies " + rate + " "
                + String.join(" ", values.stream().map(String::valueOf).toList())));
        StringBuilder answers = new StringBuilder("neighbour");
        new TreeMap<>(noisyAnswers)
                .forEach((status, count) ->
                        answers.append(' ').append(status).append('=').append(count.get()));
        out.println(answers);
    }

    /**
     * Sends up to {@code count} GETs at {@code perSecond}, each on its own schedule (a slow answer
     * does not delay the next send), while {@code running} (when given) says so; returns each
     * latency in ns. Without {@code answers} (the quiet client), every answer must be a 200.
     */
    List<Long> paced(
            URI uri,
            String token,
            int count,
            int perSecond,
            Map<Integer, AtomicInteger> answers,
            BooleanSupplier running) {
        List<Long> latencies = new ArrayList<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        try (var connection = new Connection(uri, token)) {
            for (int i = 0; i < count && (running == null || running.getAsBoolean()); i++) {
                LockSupport.parkNanos(next - System.nanoTime()); // the load's cadence
                long sent = System.nanoTime();
                int status = connection.get();
                if (answers != null) {
                    answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                } else {
                    latencies.add(System.nanoTime() - sent);
                    if (status != 200) {
                        throw new IllegalStateException("the quiet client was answered " + status);
                    }
                }
                next += interval;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return latencies;
    }

    /**
     * One keep-alive HTTP/1.1 connection sending the same GET again and again. Hand-written on
     * purpose: the load shares the machine's two cores with the server, and {@code java.net.http}'s
     * client (its executor hand-offs, its per-request objects) costs more CPU per request than the
     * server's refusal being measured; this sends prepared bytes and reads the answer's status,
     * headers and {@code Content-Length} body, nothing more.
     */
    private static final class Connection implements AutoCloseable {

        private final URI uri;
        private final byte[] request;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(URI uri, String token) throws IOException {
            this.uri = uri;
            open();
            request = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                            + "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }

        private void open() throws IOException {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** Sends the request, reads the whole answer (opening a new connection after a {@code Connection: close}); returns its status. */
        int get() throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(header.substring(colon + 1).trim());
                } else if (name.equalsIgnoreCase("Connection")) {
                    close = header.toLowerCase(java.util.Locale.ROOT).contains("close");
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = header.toLowerCase(java.util.Locale.ROOT).contains("chunked");
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().trim(), 16);
                        size > 0;
                        size = Long.parseLong(line().trim(), 16)) {
                    in.skipNBytes(size);
                    line();
                }
                line();
            } else if (length > 0) {
                in.skipNBytes(length);
            }
            if (close) { // Tomcat ends a keep-alive connection after 100 requests
                socket.close();
                open();
            }
            return status;
        }

        private String line() throws IOException {
            var line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
