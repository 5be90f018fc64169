package io.rankkeeper.config;

/**
 * The {@code cluster:} section: whether several daemons share one database and its schedule.
 * Immutable.
 *
 * @param enabled true to run as one node of a cluster (needs PostgreSQL)
 * @param nodeId this node's stable name, unique in the cluster; defaults to the host name so a
 *     restarted node reclaims its own leftovers
 */
public record ClusterConfig(boolean enabled, String nodeId) {

    public static final boolean DEFAULT_ENABLED = false;
}
