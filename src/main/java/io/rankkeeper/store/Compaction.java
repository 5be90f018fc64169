package io.rankkeeper.store;

import java.time.Duration;

/**
 * What a look at an embedded H2 file before the daemon opens it found, and what was done (see
 * {@link Store#openExclusive(DatabaseSettings, boolean)}). Immutable.
 *
 * @param bytesBefore the data file's size before, 0 when there is none
 * @param livePercent the share of the file H2 counts as in use, or -1 when not read
 * @param bytesAfter the data file's size after (the same as before when nothing was done)
 * @param took how long the compaction took, zero when there was none
 * @param needed true when the file was large and wasted enough to compact (whether it was or not)
 * @param compacted true when the file was compacted
 * @param why what was done or why not, for the log and the benchmark report
 */
public record Compaction(long bytesBefore, int livePercent, long bytesAfter, Duration took, boolean needed,
        boolean compacted, String why) {

    /** Bytes as the log and the {@code compact} command write them: "2,069 MB" (1 MB = 1024 x 1024 bytes, as {@code ls -h}). */
    public static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%,d MB", bytes / (1024 * 1024));
    }
}
