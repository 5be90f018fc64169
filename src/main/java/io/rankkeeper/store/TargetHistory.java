package io.rankkeeper.store;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Reads one target's history: its observations, then their ranks, joined in memory. */
final class TargetHistory {

    private TargetHistory() {
    }

    static List<HistoryEntry> read(Jdbi jdbi, String targetKey, OffsetDateTime from, OffsetDateTime to) {
        return jdbi.inTransaction(handle -> {
            RankQueries queries = handle.attach(RankQueries.class);
            List<RankQueries.ObservationHistoryRow> observations = queries.observations(targetKey, from, to);
            Map<Long, List<StoredRank>> ranks = new HashMap<>();
            for (RankQueries.RankHistoryRow row : queries.ranks(targetKey, from, to)) {
                ranks.computeIfAbsent(row.observationId(), id -> new ArrayList<>()).add(new StoredRank(
                        row.marketplace(), row.categoryName(), row.nodeId(), row.rank(), row.main()));
            }
            List<HistoryEntry> entries = new ArrayList<>(observations.size());
            for (RankQueries.ObservationHistoryRow row : observations) {
                entries.add(new HistoryEntry(row.id(), row.runId(), row.scheduledAt(), row.observedAt(),
                        row.outcome(), row.httpStatus(), row.attempts(), Duration.ofMillis(row.durationMs()),
                        row.bytes(), row.finalUrl(), row.extractor(), row.extractorVersion(), row.title(),
                        row.detail(), ranks.getOrDefault(row.id(), List.of())));
            }
            return entries;
        });
    }
}
