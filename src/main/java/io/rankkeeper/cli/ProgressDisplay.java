package io.rankkeeper.cli;

import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Target;
import io.rankkeeper.run.RunListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.commons.io.output.WriterOutputStream;

/**
 * Shows a run's progress on stderr: a live bar on a terminal (progressbar library), a plain line
 * every few seconds otherwise (logs, CI: a redrawn bar is noise there), or nothing. Thread-safe.
 */
final class ProgressDisplay implements RunListener, AutoCloseable {

    /** How progress is shown. */
    enum Mode { AUTO, BAR, LINES, NONE }

    private static final int BAR_UPDATE_MILLIS = 200;
    private static final int LINE_UPDATE_MILLIS = 5_000;

    private final ProgressBar bar;
    private final PrintWriter lines;
    private final int total;
    private final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    private final long startNanos = System.nanoTime();
    private volatile long lastLineNanos = System.nanoTime();
    private volatile String group = "";

    private ProgressDisplay(ProgressBar bar, PrintWriter lines, int total) {
        this.bar = bar;
        this.lines = lines;
        this.total = total;
    }

    static ProgressDisplay create(Mode mode, PrintWriter err, int total) {
        Mode chosen = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.LINES) : mode;
        if (chosen == Mode.NONE) {
            return new ProgressDisplay(null, null, total);
        }
        if (chosen == Mode.LINES) {
            return new ProgressDisplay(null, err, total);
        }
        ProgressBarConsumer consumer =
                new ConsoleProgressBarConsumer(new PrintStream(utf8Bytes(err), true, StandardCharsets.UTF_8));
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("run")
                .setInitialMax(total)
                .setUnit(" pages", 1)
                .showSpeed(new DecimalFormat("0.0"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(BAR_UPDATE_MILLIS)
                .setConsumer(consumer)
                .build();
        return new ProgressDisplay(bar, null, total);
    }

    @Override
    public void started(String group, long runId, int targets) {
        this.group = group;
        if (bar != null) {
            bar.setExtraMessage(" " + group);
        }
    }

    @Override
    public void observed(Target target, Observation observation) {
        int count = done.incrementAndGet();
        if (bar != null) {
            bar.step();
        } else if (lines != null) {
            long now = System.nanoTime();
            if (now - lastLineNanos >= LINE_UPDATE_MILLIS * 1_000_000L || count == total) {
                lastLineNanos = now;
                printLine(count, now);
            }
        }
    }

    private synchronized void printLine(int count, long now) {
        double seconds = Math.max(now - startNanos, 1) / 1e9;
        lines.printf(java.util.Locale.ROOT, "progress: %s %d/%d pages (%d%%), %.1f pages/s%n", group, count, total,
                total == 0 ? 100 : count * 100 / total, count / seconds);
        lines.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** Lets the bar write through the command's own stderr writer, a character cut between two writes included. */
    private static OutputStream utf8Bytes(PrintWriter err) {
        try {
            return WriterOutputStream.builder().setWriter(err).setCharset(StandardCharsets.UTF_8)
                    .setWriteImmediately(true).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
