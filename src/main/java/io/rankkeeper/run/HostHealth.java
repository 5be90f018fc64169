package io.rankkeeper.run;

import io.rankkeeper.model.Outcome;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Counts outcomes per host during one run to spot drift: when most pages of a host come back
 * blocked or unrecognisable, the run is suspect (the site changed or is blocking us), not a
 * run full of real facts. Thread-safe.
 */
final class HostHealth {

    /** Fewer pages than this from a host say nothing about the host. */
    static final int MIN_PAGES = 5;
    /** Share of blocked or layout-changed pages above which the host is suspect. */
    static final double SUSPECT_SHARE = 0.5;

    private static final int TOTAL = 0;
    private static final int BLOCKED = 1;
    private static final int LAYOUT_CHANGED = 2;

    private final Map<String, AtomicIntegerArray> perHost = new ConcurrentHashMap<>();

    void record(String host, Outcome outcome) {
        AtomicIntegerArray tally = perHost.computeIfAbsent(host, ignored -> new AtomicIntegerArray(3));
        tally.incrementAndGet(TOTAL);
        if (outcome == Outcome.BLOCKED) {
            tally.incrementAndGet(BLOCKED);
        } else if (outcome == Outcome.LAYOUT_CHANGED) {
            tally.incrementAndGet(LAYOUT_CHANGED);
        }
    }

    /** Why the run looks suspect, naming the host, or empty when it looks healthy. */
    Optional<String> suspectReason() {
        for (Map.Entry<String, AtomicIntegerArray> entry : perHost.entrySet()) {
            AtomicIntegerArray tally = entry.getValue();
            int total = tally.get(TOTAL);
            if (total < MIN_PAGES) {
                continue;
            }
            int blocked = tally.get(BLOCKED);
            int layoutChanged = tally.get(LAYOUT_CHANGED);
            if (blocked > total * SUSPECT_SHARE) {
                return Optional.of(String.format("%d of %d pages from %s were blocked (robot check or anti-bot error)",
                        blocked, total, entry.getKey()));
            }
            if (layoutChanged > total * SUSPECT_SHARE) {
                return Optional.of(String.format(
                        "%d of %d pages from %s were not recognisable (layout changed?)", layoutChanged, total,
                        entry.getKey()));
            }
        }
        return Optional.empty();
    }
}
