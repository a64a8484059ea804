package dev.orderflow.bench;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
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
    static void measureAtRate(String name, int concurrency, double rate, int calls, Call call) throws Exception {
        var recorder = new Recorder(3);
        var failures = new AtomicLong();
        var next = new AtomicLong();
        long start = System.nanoTime() + 10_000_000L;
        long intervalNanos = (long) (1e9 / rate);
        try (ExecutorService workers = Executors.newFixedThreadPool(concurrency)) {
            var results = new ArrayList<Future<Void>>();
            for (int w = 0; w < concurrency; w++) {
                results.add(workers.submit((Callable<Void>) () -> {
                    long i;
                    while ((i = next.getAndIncrement()) < calls) {
                        long due = start + i * intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        boolean ok = call.run();
                        recorder.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
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
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram h = recorder.getIntervalHistogram();
        System.out.printf(
                "%s: %d calls offered at %.0f/s by up to %d callers, %.0f calls/s achieved, failures %d,"
                        + " latency ms (from when due) p50 %.2f p90 %.2f p99 %.2f max %.2f%n",
                name,
                h.getTotalCount(),
                rate,
                concurrency,
                h.getTotalCount() / seconds,
                failures.get(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
    }

    static void measure(String name, int concurrency, int warmUp, int calls, Call call) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        var recorder = new Recorder(3);
        var failures = new AtomicLong();
        var remaining = new AtomicLong(calls);
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newFixedThreadPool(concurrency)) {
            var results = new ArrayList<Future<Void>>();
            for (int w = 0; w < concurrency; w++) {
                results.add(workers.submit((Callable<Void>) () -> {
                    while (remaining.getAndDecrement() > 0) {
                        long t0 = System.nanoTime();
                        boolean ok = call.run();
                        recorder.recordValue((System.nanoTime() - t0) / 1_000);
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
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram h = recorder.getIntervalHistogram();
        System.out.printf(
                "%s: %d calls, concurrency %d, %.0f calls/s, failures %d, latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f%n",
                name,
                h.getTotalCount(),
                concurrency,
                h.getTotalCount() / seconds,
                failures.get(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
    }
}
