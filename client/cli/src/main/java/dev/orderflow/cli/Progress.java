package dev.orderflow.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Progress of a long job: on a terminal one line redrawn in place (a bar when the total is known),
 * otherwise a plain line every few seconds (logs and pipes get no control characters). A dozen
 * lines of drawing; a progress-bar library would bring a terminal library (JLine) for this.
 */
final class Progress {

    private final PrintWriter err;
    private final boolean terminal;
    private final String what;
    private final Clock clock;
    private final Instant started;
    private final Supplier<String> extra;
    private Instant lastPrinted = Instant.MIN;
    private long total = -1;

    Progress(PrintWriter err, boolean terminal, String what, Clock clock, Supplier<String> extra) {
        this.err = err;
        this.terminal = terminal;
        this.what = what;
        this.clock = clock;
        this.started = clock.instant();
        this.extra = extra;
    }

    void total(long total) {
        this.total = total;
    }

    void update(long done, boolean force) {
        Instant now = clock.instant();
        Duration since = Duration.between(lastPrinted, now);
        if (!force && since.compareTo(terminal ? Duration.ofMillis(100) : Duration.ofSeconds(2)) < 0) {
            return;
        }
        lastPrinted = now;
        double seconds = Math.max(0.001, Duration.between(started, now).toMillis() / 1000.0);
        String rate = "%.0f/s".formatted(done / seconds);
        String budget = extra.get();
        String counts = total > 0 ? done + "/" + total : String.valueOf(done);
        if (terminal) {
            String bar = "";
            if (total > 0) {
                int width = 30;
                int filled = (int) Math.min(width, done * width / total);
                bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] ";
            }
            err.print("\r" + bar + counts + " " + what + "  " + rate + (budget.isEmpty() ? "" : "  " + budget) + "   ");
        } else {
            err.println(
                    "exported " + counts + " " + what + " (" + rate + ")" + (budget.isEmpty() ? "" : "; " + budget));
        }
        err.flush();
    }

    void finish(long done) {
        update(done, true);
        if (terminal) {
            err.println();
            err.flush();
        }
    }

    /** Whether stderr is a terminal (a console that is one). */
    static boolean isTerminal() {
        var console = System.console();
        if (console == null) {
            return false;
        }
        try { // JDK 22+ returns a console even when redirected, and says so here
            return (Boolean) console.getClass().getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException notThere) {
            return true; // JDK 21: a console is only returned for a terminal
        }
    }
}
