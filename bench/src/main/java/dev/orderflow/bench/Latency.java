package dev.orderflow.bench;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Runs a call from N workers for a number of calls, after a warm-up, and prints the percentiles. */
final class Latency {

    private Latency() {}

    interface Call {
        /** @return whether the call succeeded */
        boolean run() throws Exception;
    }

    /**
     * Offers calls at a fixed rate from up to {@code concurrency} workers (an open loop): call i is
     * due at {@code start + i / rate}, and its latency counts from when it was due, not from when a
     * worker got to it, so a stall is charged to every call it delayed (no coordinated omission).
     * This is the latency a caller sending that rate sees; {@link #measure} is the most a closed
     * loop of N callers can push through, with the queueing that saturation brings.
     */
    /** What a run measured, for comparisons: calls per second and latency percentiles in ms. */
    record Result(double throughput, double p50, double p99) {

        /** "A/B: throughput r (a vs b calls/s), p50 r (a vs b ms), p99 r (a vs b ms)": ratios with the figures beside them. */
        void compareTo(Result other, String names) {
            System.out.printf(
                    "%s: throughput %.2f (%.0f vs %.0f calls/s), p50 %.2f (%.2f vs %.2f ms), p99 %.2f (%.2f vs %.2f ms)%n",
                    names,
                    throughput / other.throughput,
                    throughput,
                    other.throughput,
                    p50 / other.p50,
                    p50,
                    other.p50,
                    p99 / other.p99,
                    p99,
                    other.p99);
        }
    }

    static Result measureAtRate(String name, int concurrency, double rate, int calls, Call call) throws Exception {
        long intervalNanos = (long) (1e9 / rate);
        var run = new Run(calls);
        run.start += 10_000_000L; // every worker waiting for the first due time
        run.with(
                concurrency,
                i -> {
                    long due = run.start + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    return due;
                },
                call);
        return run.print("%s: %d calls offered at %.0f/s by up to %d callers"
                        .formatted(name.replace("%", "%%"), calls, rate, concurrency)
                + ", %.0f calls/s achieved, failures %d, latency ms (from when due)");
    }

    static Result measure(String name, int concurrency, int warmUp, int calls, Call call) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        var run = new Run(calls);
        run.with(concurrency, i -> System.nanoTime(), call);
        return run.print("%s: %d calls, concurrency %d".formatted(name.replace("%", "%%"), calls, concurrency)
                + ", %.0f calls/s, failures %d, latency ms");
    }

    /** One measured run: workers take call numbers until there are none left and record each latency. */
    private static final class Run {
        private final Recorder recorder = new Recorder(3);
        private final AtomicLong failures = new AtomicLong();
        private final AtomicLong next = new AtomicLong();
        private final int calls;
        private long start = System.nanoTime();

        Run(int calls) {
            this.calls = calls;
        }

        /** @param startOf when call i counts as started (waiting until then if need be) */
        void with(int concurrency, java.util.function.LongUnaryOperator startOf, Call call) throws Exception {
            try (ExecutorService workers = Executors.newFixedThreadPool(concurrency)) {
                var results = new ArrayList<Future<Void>>();
                for (int w = 0; w < concurrency; w++) {
                    results.add(workers.submit((Callable<Void>) () -> {
                        long i;
                        while ((i = next.getAndIncrement()) < calls) {
                            long t0 = startOf.applyAsLong(i);
                            boolean ok = call.run();
                            recorder.recordValue(Math.max(0, (System.nanoTime() - t0) / 1_000));
                            if (!ok) {
                                failures.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (var result : results) {
                    result.get();
                }
            }
        }

        Result print(String prefix) {
            double seconds = (System.nanoTime() - start) / 1e9;
            Histogram h = recorder.getIntervalHistogram();
            var result = new Result(
                    h.getTotalCount() / seconds,
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0);
            System.out.printf(
                    prefix + " p50 %.2f p90 %.2f p99 %.2f max %.2f%n",
                    h.getTotalCount() / seconds,
                    failures.get(),
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(90) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0,
                    h.getMaxValue() / 1000.0);
            return result;
        }
    }
}
