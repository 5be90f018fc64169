package io.rankkeeper.store;

import java.time.Instant;

/**
 * The newest rank of one target in one category, as the {@code latest_rank} view shows it.
 * Immutable.
 */
public record LatestRank(String targetKey, String label, String groupName, boolean active, String marketplace,
        String categoryName, String nodeId, long rank, boolean main, Instant observedAt, long observationId) {
}
