package io.rankkeeper.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How ranks, changes, instants and durations read in tables. */
final class RankText {

    static final String BETTER = "\u2191";
    static final String WORSE = "\u2193";
    static final String SAME = "=";

    private RankText() {
    }

    static String rank(long rank) {
        return SummaryTable.formatRank(rank);
    }

    /**
     * A change of rank number ({@code now - before}; negative is better): with arrows "↑ 120",
     * "↓ 35", "="; without, "-120", "+35", "0". Empty when unknown.
     */
    static String change(Long change, boolean arrows) {
        if (change == null) {
            return "";
        }
        String size = String.format(Locale.US, "%,d", Math.abs(change));
        if (arrows) {
            return change < 0 ? BETTER + " " + size : change > 0 ? WORSE + " " + size : SAME;
        }
        return change < 0 ? "-" + size : change > 0 ? "+" + size : "0";
    }

    /** An instant to the second, ISO-8601 UTC: 2026-11-30T10:05:00Z. */
    static String instant(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A short span: 850 ms, 4.2 s, 12 min, 3 h, 2 d. */
    static String span(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        if (millis < 3_600_000) {
            return millis / 60_000 + " min";
        }
        if (millis < 172_800_000) {
            return millis / 3_600_000 + " h";
        }
        return millis / 86_400_000 + " d";
    }

    /** Whether tables show arrows: {@code --color}/{@code --no-color} if given, else only on a terminal. */
    static boolean arrows(Boolean color) {
        return color != null ? color : System.console() != null;
    }
}
