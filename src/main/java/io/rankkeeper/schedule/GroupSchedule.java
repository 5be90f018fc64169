package io.rankkeeper.schedule;

import java.time.ZoneId;
import java.util.Objects;

/**
 * When a group runs: one Quartz job and cron trigger per shard.
 *
 * @param group the group's name
 * @param cron a Quartz cron expression
 * @param zone the zone the expression is read in
 * @param catchUpOnce true: after downtime run once now; false: skip to the next fire
 * @param shards how many jobs share the group's targets (1 or more)
 */
public record GroupSchedule(String group, String cron, ZoneId zone, boolean catchUpOnce, int shards) {

    public GroupSchedule {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be 1 or more, was " + shards);
        }
    }
}
