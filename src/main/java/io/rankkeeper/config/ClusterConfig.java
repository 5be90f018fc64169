package io.rankkeeper.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code cluster:} section: whether several daemons share one database and its schedule.
 * Immutable.
 *
 * @param enabled true to run as one node of a cluster (needs PostgreSQL)
 * @param nodeId this node's stable name, unique in the cluster; defaults to the host name so a
 *     restarted node reclaims its own leftovers
 * @param checkinInterval how often this node tells the others it is alive; a node silent for
 *     this interval plus Quartz's 7.5 s grace is declared dead and its work recovered elsewhere
 */
public record ClusterConfig(boolean enabled, String nodeId, Duration checkinInterval) {

    public static final boolean DEFAULT_ENABLED = false;
    /**
     * A dead node's shards move within about 12.5 s (this plus Quartz's 7.5 s grace), at the cost
     * of one small UPDATE per node every 5 s.
     */
    public static final Duration DEFAULT_CHECKIN_INTERVAL = Duration.ofSeconds(5);
    /** Below this, a GC pause or a busy database could make a live node look dead. */
    public static final Duration MIN_CHECKIN_INTERVAL = Duration.ofMillis(500);

    public ClusterConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(checkinInterval, "checkinInterval");
    }

    /** A cluster setting with the default check-in interval. */
    public ClusterConfig(boolean enabled, String nodeId) {
        this(enabled, nodeId, DEFAULT_CHECKIN_INTERVAL);
    }
}
