package io.rankkeeper.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints an export's progress on stderr every few seconds: rows written and rows per second.
 * Checks the clock only every {@value #CHECK_EVERY_ROWS} rows, so it costs nothing per row.
 * Not thread-safe (the export is one thread).
 */
final class ExportProgress {

    static final Duration INTERVAL = Duration.ofSeconds(3);
    private static final int CHECK_EVERY_ROWS = 4_096;

    private final PrintWriter err;
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;

    ExportProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    void rowWritten(long rows) {
        if (!enabled || rows % CHECK_EVERY_ROWS != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastNanos >= INTERVAL.toNanos()) {
            lastNanos = now;
            err.println("export: " + line(rows, now));
            err.flush();
        }
    }

    /** "1,234,567 rows in 4.2 s (293,944 rows/s)". */
    String line(long rows, long nowNanos) {
        double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        return String.format(Locale.US, "%,d rows in %.1f s (%,.0f rows/s)", rows, seconds, rows / seconds);
    }

    String summary(long rows) {
        return line(rows, System.nanoTime());
    }
}
