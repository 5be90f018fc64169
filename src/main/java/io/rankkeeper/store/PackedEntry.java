package io.rankkeeper.store;

import java.time.Instant;
import java.util.List;

/**
 * One observation as {@code history_block} keeps it: the columns of its {@code observation} row
 * that a history shows, and its ranks by category id. Times are those the row holds (whole
 * microseconds). Immutable.
 */
record PackedEntry(long id, long runId, Instant scheduledAt, Instant observedAt, String outcome, Integer httpStatus,
        int attempts, long durationMs, long bytes, String finalUrl, String extractor, int extractorVersion,
        String title, String detail, List<PackedRank> ranks) {

    PackedEntry {
        ranks = List.copyOf(ranks);
    }

    /** The same attempt with these ranks. */
    PackedEntry withRanks(List<PackedRank> newRanks) {
        return new PackedEntry(id, runId, scheduledAt, observedAt, outcome, httpStatus, attempts, durationMs, bytes,
                finalUrl, extractor, extractorVersion, title, detail, newRanks);
    }

    /** One rank of the observation: a row of {@code rank}. */
    record PackedRank(long categoryId, long rank, boolean main) {
    }
}
