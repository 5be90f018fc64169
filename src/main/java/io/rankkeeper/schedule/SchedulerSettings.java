package io.rankkeeper.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Quartz scheduler is set up.
 *
 * @param nodeId this process's stable instance id (a restarted node reclaims its own triggers)
 * @param clustered true to share the schedule with other nodes through the database
 * @param postgres true on PostgreSQL (its Quartz delegate), false on H2
 * @param threads how many runs may execute at once
 * @param misfireThreshold how late a fire may be and still run as scheduled; later is a misfire
 *     handled by the group's catch-up policy
 * @param checkinInterval in a cluster, how often this node checks in; silent for this plus
 *     Quartz's 7.5 s grace, it is declared dead and its runs are recovered by another node
 */
public record SchedulerSettings(String nodeId, boolean clustered, boolean postgres, int threads,
        Duration misfireThreshold, Duration checkinInterval) {

    /**
     * Short, so that a few missed fires after a brief outage do not run late one after another:
     * they become one misfire, and the catch-up policy applies.
     */
    public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(5);
    /** Runs that may execute at once by default. */
    public static final int DEFAULT_THREADS = 4;
    /** Quartz's own default check-in interval (unused by a single node). */
    public static final Duration DEFAULT_CHECKIN_INTERVAL = Duration.ofMillis(7_500);
    /**
     * Connections Quartz needs beside its worker threads (each of which writes its run's
     * completion): the scheduler thread acquiring triggers, the misfire handler and the cluster
     * manager's check-in. Quartz's documentation asks for threads + 3 at least.
     */
    public static final int EXTRA_CONNECTIONS = 3;

    public SchedulerSettings {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(misfireThreshold, "misfireThreshold");
        Objects.requireNonNull(checkinInterval, "checkinInterval");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be 1 or more, was " + threads);
        }
    }

    /** A single node's settings: not clustered. */
    public SchedulerSettings(String nodeId, boolean postgres, int threads, Duration misfireThreshold) {
        this(nodeId, false, postgres, threads, misfireThreshold, DEFAULT_CHECKIN_INTERVAL);
    }

    /** The connections the scheduler's own pool should hold: {@link #threads} + {@link #EXTRA_CONNECTIONS}. */
    public int connections() {
        return threads + EXTRA_CONNECTIONS;
    }
}
