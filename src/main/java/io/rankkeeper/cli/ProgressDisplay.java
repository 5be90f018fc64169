package io.rankkeeper.cli;

import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Target;
import io.rankkeeper.run.RunListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress on stderr: a live bar on a terminal, a plain line every few seconds
 * otherwise (logs, CI), or nothing. Thread-safe (the bar is).
 */
final class ProgressDisplay implements RunListener, AutoCloseable {

    /** How progress is shown. */
    enum Mode { AUTO, BAR, LINES, NONE }

    private static final int BAR_UPDATE_MILLIS = 200;
    private static final int LINE_UPDATE_MILLIS = 5_000;
    private static final int LINE_WIDTH = 100;

    private final ProgressBar bar;

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    static ProgressDisplay create(Mode mode, PrintWriter err, int total) {
        Mode chosen = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.LINES) : mode;
        if (chosen == Mode.NONE) {
            return new ProgressDisplay(null);
        }
        ProgressBarConsumer consumer = chosen == Mode.BAR
                ? new ConsoleProgressBarConsumer(new PrintStream(new WriterOutputStream(err), true, StandardCharsets.UTF_8))
                : new DelegatingProgressBarConsumer(line -> {
                    err.println(line.strip());
                    err.flush();
                }, LINE_WIDTH);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("run")
                .setInitialMax(total)
                .setUnit(" pages", 1)
                .showSpeed(new DecimalFormat("0.0"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(chosen == Mode.BAR ? BAR_UPDATE_MILLIS : LINE_UPDATE_MILLIS)
                .setConsumer(consumer)
                .build();
        return new ProgressDisplay(bar);
    }

    @Override
    public void started(String group, long runId, int targets) {
        if (bar != null) {
            bar.setExtraMessage(group);
        }
    }

    @Override
    public void observed(Target target, Observation observation) {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** Lets the bar write through the command's own stderr writer. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final PrintWriter writer;

        WriterOutputStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int oneByte) {
            writer.write(oneByte);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            writer.write(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            writer.flush();
        }
    }
}
