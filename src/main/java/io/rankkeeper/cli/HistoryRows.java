package io.rankkeeper.cli;

import io.rankkeeper.model.Outcome;
import io.rankkeeper.store.HistoryEntry;
import io.rankkeeper.store.StoredRank;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a target's stored attempts into the rows {@code history} prints: one per attempt (or per
 * attempt and category), each rank with its change from the previous successful attempt in the
 * same category. A failed attempt is a row with its outcome and no rank.
 */
final class HistoryRows {

    /** One printed row; {@code rank} is null for a failed attempt or one without a rank in the category. */
    record Row(Instant observedAt, long runId, Outcome outcome, StoredRank rank, Long change, Integer httpStatus,
            String detail) {
    }

    private HistoryRows() {
    }

    /**
     * @param category a category name or node id (case-insensitive), or null for each page's main category
     * @param allCategories one row per attempt and category
     * @throws UsageException when {@code category} is named by no successful attempt in {@code entries}
     */
    static List<Row> build(List<HistoryEntry> entries, String category, boolean allCategories) {
        if (category != null) {
            requireKnownCategory(entries, category);
        }
        Map<String, Long> lastRank = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (HistoryEntry entry : entries) {
            List<StoredRank> chosen = allCategories ? entry.ranks() : chosenRank(entry.ranks(), category);
            if (chosen.isEmpty()) {
                rows.add(new Row(entry.observedAt(), entry.runId(), entry.outcome(), null, null, entry.httpStatus(),
                        entry.detail()));
                continue;
            }
            for (StoredRank rank : chosen) {
                Long before = lastRank.put(identity(rank), rank.rank());
                rows.add(new Row(entry.observedAt(), entry.runId(), entry.outcome(), rank,
                        before == null ? null : rank.rank() - before, entry.httpStatus(), entry.detail()));
            }
        }
        return rows;
    }

    private static List<StoredRank> chosenRank(List<StoredRank> ranks, String category) {
        if (ranks.isEmpty()) {
            return List.of();
        }
        if (category == null) {
            // a page without a main category (a list position, a css rank): its first rank stands in
            return List.of(ranks.stream().filter(StoredRank::main).findFirst().orElse(ranks.get(0)));
        }
        return ranks.stream().filter(rank -> matches(rank, category)).limit(1).toList();
    }

    private static void requireKnownCategory(List<HistoryEntry> entries, String category) {
        Set<String> seen = new LinkedHashSet<>();
        for (HistoryEntry entry : entries) {
            for (StoredRank rank : entry.ranks()) {
                if (matches(rank, category)) {
                    return;
                }
                seen.add(rank.categoryName() + (rank.nodeId() == null ? "" : " (node " + rank.nodeId() + ")"));
            }
        }
        if (!seen.isEmpty()) {
            throw new UsageException("no rank in category '" + category + "' in this period; categories seen: "
                    + String.join(", ", seen.stream().sorted().toList()));
        }
    }

    private static boolean matches(StoredRank rank, String category) {
        return rank.categoryName().toLowerCase(Locale.ROOT).equals(category.trim().toLowerCase(Locale.ROOT))
                || category.trim().equals(rank.nodeId());
    }

    /** The same category across pages: its marketplace and node id, or its name without one. */
    private static String identity(StoredRank rank) {
        return rank.marketplace() + "|" + (rank.nodeId() != null ? "node:" + rank.nodeId() : "name:" + rank.categoryName());
    }
}
