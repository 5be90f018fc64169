package io.rankkeeper.store;

import java.time.Duration;
import java.time.Instant;

/**
 * One node of a cluster as Quartz's scheduler state records it, with how many runs it started
 * lately (from {@code scrape_run}). Immutable.
 *
 * @param nodeId the node's id ({@code cluster.nodeId})
 * @param lastCheckin when it last told the others it is alive (its own clock)
 * @param checkinInterval how often it checks in
 * @param recentRuns runs it started since the time {@code status} asked about
 */
public record ClusterNode(String nodeId, Instant lastCheckin, Duration checkinInterval, int recentRuns) {

    /** Quartz's fixed grace on top of a node's check-in interval before the others declare it dead. */
    public static final Duration QUARTZ_GRACE = Duration.ofMillis(7_500);

    /**
     * True when the others still count the node alive at {@code now}: its last check-in is no
     * older than its interval plus Quartz's grace. A stale node's runs are recovered by the others.
     */
    public boolean aliveAt(Instant now) {
        return lastCheckin != null && !now.isAfter(lastCheckin.plus(checkinInterval).plus(QUARTZ_GRACE));
    }
}
