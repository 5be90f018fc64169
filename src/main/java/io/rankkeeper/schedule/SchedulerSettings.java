package io.rankkeeper.schedule;

import java.time.Duration;

/**
 * How the Quartz scheduler is set up.
 *
 * @param nodeId this process's stable instance id (a restarted node reclaims its own triggers)
 * @param clustered true to share the schedule with other nodes through the database
 * @param postgres true on PostgreSQL (its Quartz delegate), false on H2
 * @param threads how many runs may execute at once
 * @param misfireThreshold how late a fire may be and still run as scheduled; later is a misfire
 *     handled by the group's catch-up policy
 */
public record SchedulerSettings(String nodeId, boolean clustered, boolean postgres, int threads,
        Duration misfireThreshold) {

    /**
     * Short, so that a few missed fires after a brief outage do not run late one after another:
     * they become one misfire, and the catch-up policy applies.
     */
    public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(5);
    /** Runs that may execute at once by default. */
    public static final int DEFAULT_THREADS = 4;
}
