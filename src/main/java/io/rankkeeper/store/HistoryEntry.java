package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One stored attempt at a target, whatever its outcome, with its ranks (empty unless OK).
 * Immutable.
 */
public record HistoryEntry(long observationId, long runId, Instant scheduledAt, Instant observedAt, Outcome outcome,
        Integer httpStatus, int attempts, Duration duration, long bytes, String finalUrl, String extractor,
        int extractorVersion, String title, String detail, List<StoredRank> ranks) {

    public HistoryEntry {
        ranks = List.copyOf(ranks);
    }
}
