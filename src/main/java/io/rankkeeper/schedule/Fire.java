package io.rankkeeper.schedule;

import java.time.Instant;

/**
 * One firing of a group's (shard's) trigger, handed to the {@link FireHandler}.
 *
 * @param group the group's name
 * @param shard the shard, 0-based
 * @param shards how many shards the group has
 * @param scheduledAt the fire time the run belongs to (the cron slot, or the catch-up time)
 * @param catchUp true when this is the one catch-up run after missed fires
 * @param recovering true when a dead node's run is being run again
 */
public record Fire(String group, int shard, int shards, Instant scheduledAt, boolean catchUp, boolean recovering) {
}
