package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.RunStatus;
import java.time.Instant;
import java.util.Map;

/**
 * One {@code scrape_run} row. {@code endedAt} is null while running and for interrupted runs;
 * {@code counts} holds every outcome (zero when none). Immutable.
 */
public record RunSummary(long id, String groupName, int shard, Instant scheduledAt, Instant startedAt, Instant endedAt,
        String node, RunReason reason, RunStatus status, int targetCount, Map<Outcome, Integer> counts, String detail) {

    public RunSummary {
        counts = Map.copyOf(counts);
    }

    /** Observations stored for this run, all outcomes together. */
    public int attempted() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
