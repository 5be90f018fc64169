package io.rankkeeper.schedule;

import java.time.Instant;

/**
 * What the scheduler knows of one group shard, for {@code status}.
 *
 * @param group the group
 * @param shard the shard
 * @param cron the cron expression
 * @param zone the time zone id
 * @param catchUpOnce the catch-up policy
 * @param nextFire the next fire time, or null
 * @param previousFire the previous fire time, or null
 * @param state the trigger's state (NORMAL, PAUSED, BLOCKED while running, ...)
 */
public record ScheduledGroup(String group, int shard, String cron, String zone, boolean catchUpOnce,
        Instant nextFire, Instant previousFire, String state) {
}
