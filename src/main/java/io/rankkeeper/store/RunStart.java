package io.rankkeeper.store;

import io.rankkeeper.model.RunReason;
import java.time.Instant;

/**
 * A scrape run about to start.
 *
 * @param group the group name
 * @param shard the shard number (0 when the group is not sharded)
 * @param scheduledAt the scheduled fire time (for a manual run: when it was asked for)
 * @param startedAt when it started
 * @param node the node that runs it
 * @param reason why it runs
 * @param targetCount targets it will attempt
 */
public record RunStart(String group, int shard, Instant scheduledAt, Instant startedAt, String node,
        RunReason reason, int targetCount) {
}
