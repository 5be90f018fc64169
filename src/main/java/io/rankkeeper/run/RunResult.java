package io.rankkeeper.run;

import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a scrape run ended.
 *
 * @param runId the {@code scrape_run} row
 * @param group the group
 * @param status COMPLETED, SUSPECT or INTERRUPTED
 * @param counts observations stored per outcome
 * @param startedAt when the run started
 * @param endedAt when it ended
 * @param planned targets the run was asked to attempt
 */
public record RunResult(
        long runId,
        String group,
        RunStatus status,
        Map<Outcome, Integer> counts,
        Instant startedAt,
        Instant endedAt,
        int planned) {

    public RunResult {
        EnumMap<Outcome, Integer> copy = new EnumMap<>(Outcome.class);
        copy.putAll(counts);
        counts = Collections.unmodifiableMap(copy);
    }

    /** Targets attempted and stored. */
    public int attempted() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }

    /** Attempts per second over the whole run. */
    public double pagesPerSecond() {
        double seconds = Math.max(duration().toNanos(), 1) / 1e9;
        return attempted() / seconds;
    }
}
