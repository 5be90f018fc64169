package io.rankkeeper.extract;

import io.rankkeeper.model.PageView;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a fixed marker in a page: looks for the marker's rarest char with
 * {@link String#indexOf(int, int)} and compares the whole marker only where that char is. Gives
 * exactly what {@link String#indexOf(String, int)} gives, for any text and any marker.
 *
 * <p>Why not {@code indexOf(String)} for the long scans over a page (the title, the rank
 * block's markers): its fast (SIMD) form exists only inside code that the C2 compiler compiled
 * with the call inlined. Called from code that is still interpreted or C1-compiled it runs a
 * plain loop, about ten times slower. The extractor's methods run once per page, so while the
 * compiler is busy with the rest of a young process (H2, Jetty, Jdbi: thousands of methods) they
 * stay there for tens of seconds: measured (async-profiler, the benchmark's 10,000 pages on 2
 * cores), the title search alone took 0.59 ms of CPU per page, more than the whole target for a
 * page. The search for one char is different: the JDK compiles its Latin-1 form on its own, early
 * (every string search of the process runs through it) and with its SIMD loop inside, so it is
 * fast whatever state the caller is in. A marker's rarest char occurs every few thousand bytes
 * of a page, so the comparisons around it cost little. Immutable, thread-safe.
 */
final class MarkerSearch {

    /**
     * Chars of Amazon pages from the most to the least frequent (counted over the saved pages);
     * a marker's char that comes later here, or not at all, is the one to look for.
     */
    private static final String BY_FREQUENCY = "as -ie\"ntlcord<>=p/vgm_1hbfu028z3y\n5k4xw.697P;S:&IECDFA?LTB,";

    /** The searches of the markers used so far: the extractors' constants and the labels per charset, a few dozen. */
    private static final Map<String, MarkerSearch> CACHE = new ConcurrentHashMap<>();

    private final String marker;
    /** The index in the marker of its rarest char. */
    private final int rareAt;
    private final char rare;

    private MarkerSearch(String marker) {
        this.marker = marker;
        int best = 0;
        for (int index = 1; index < marker.length(); index++) {
            if (rarity(marker.charAt(index)) >= rarity(marker.charAt(best))) {
                best = index;
            }
        }
        this.rareAt = best;
        this.rare = marker.charAt(best);
    }

    private static int rarity(char c) {
        int rank = BY_FREQUENCY.indexOf(c);
        return rank < 0 ? BY_FREQUENCY.length() : rank;
    }

    /**
     * The index of the first {@code marker} in {@code text} at or after {@code from}, or -1; as
     * {@code text.indexOf(marker, from)}. Meant for the extractors' fixed markers: each distinct
     * marker keeps its search for the life of the process.
     */
    static int indexOf(String text, String marker, int from) {
        return indexOf(PageView.ofText(text), marker, from);
    }

    /** As {@link #indexOf(String, String, int)} in a page view: {@code view.indexOf(marker, from)}. */
    static int indexOf(PageView text, String marker, int from) {
        if (marker.isEmpty()) {
            return text.indexOf(marker, from);
        }
        return CACHE.computeIfAbsent(marker, MarkerSearch::new).in(text, from);
    }

    /** True when {@code marker} is anywhere in {@code text}. */
    static boolean contains(PageView text, String marker) {
        return indexOf(text, marker, 0) >= 0;
    }

    private int in(PageView text, int from) {
        int lastStart = text.length() - marker.length();
        int start = Math.max(from, 0);
        if (start > lastStart) {
            return -1;
        }
        int at = start + rareAt;
        while (true) {
            at = text.indexOf(rare, at);
            int candidate = at - rareAt;
            if (at < 0 || candidate > lastStart) {
                return -1;
            }
            if (text.startsWith(marker, candidate)) {
                return candidate;
            }
            at++;
        }
    }
}
