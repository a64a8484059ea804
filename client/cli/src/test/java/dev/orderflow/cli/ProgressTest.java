package dev.orderflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A redrawn bar on a terminal; plain lines, at most one every 2 s, anywhere else. */
class ProgressTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    void advance(Duration by) {
        now.set(now.get().plus(by));
    }

    @Test
    void redrawsOneLineWithABarOnATerminal() {
        var text = new StringWriter();
        var progress = new Progress(new PrintWriter(text), true, "products", clock, () -> "rate limit 1190/1200 left");
        progress.total(60);

        advance(Duration.ofSeconds(1));
        progress.update(30, false);
        advance(Duration.ofSeconds(1));
        progress.finish(60);

        assertThat(text.toString())
                .startsWith("\r[###############               ] 30/60 products  30/s  rate limit 1190/1200 left")
                .contains("\r[##############################] 60/60 products  30/s")
                .endsWith(System.lineSeparator())
                .containsOnlyOnce(System.lineSeparator()); // one line, redrawn in place
    }

    @Test
    void printsPlainLinesNoMoreThanEveryTwoSecondsElsewhere() {
        var text = new StringWriter();
        var progress = new Progress(new PrintWriter(text), false, "orders", clock, () -> "");

        advance(Duration.ofSeconds(2));
        progress.update(100, false);
        advance(Duration.ofMillis(500));
        progress.update(200, false); // too soon: not printed
        advance(Duration.ofSeconds(2));
        progress.update(300, false);

        assertThat(text.toString().lines())
                .containsExactly("exported 100 orders (50/s)", "exported 300 orders (67/s)")
                .noneMatch(line -> line.contains("\r"));
    }
}
