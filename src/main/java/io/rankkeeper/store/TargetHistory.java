package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads one target's history: the attempts observed before {@code packed_before} from its
 * {@code history_block} rows (a few neighbouring rows instead of a thousand observation rows
 * and their ranks spread over the file), the later ones from {@code observation} and {@code rank}.
 * {@code packed_before} is read first: a packer that moves it on meanwhile only adds blocks of
 * attempts at or after it, which this read takes from the observation rows instead, so the
 * reads need no transaction of their own (each statement sees committed rows; a merge replaces
 * a target's blocks in one transaction). Target ids come from the store's cache, category names
 * are cached by id (both rows are only ever inserted): on PostgreSQL each round trip saved is
 * about a tenth of a history. Thread-safe.
 */
final class TargetHistory {

    private static final Comparator<HistoryEntry> IN_TIME =
            Comparator.comparing(HistoryEntry::observedAt).thenComparingLong(HistoryEntry::observationId);

    private static final String UNPACKED = AttemptRows.SELECT + """
             WHERE o.target_id = ? AND o.observed_at >= ? AND o.observed_at < ?
             ORDER BY o.observed_at, o.id
            """;

    private final Jdbi jdbi;
    private final TargetIds targetIds;
    private final Map<Long, Category> categoryCache = new ConcurrentHashMap<>();

    TargetHistory(Jdbi jdbi, TargetIds targetIds) {
        this.jdbi = jdbi;
        this.targetIds = targetIds;
    }

    List<HistoryEntry> read(String targetKey, OffsetDateTime from, OffsetDateTime to) {
        try {
            return jdbi.withHandle(handle -> read(handle.getConnection(), targetKey, from, to));
        } catch (SQLException e) {
            throw new StoreException("Could not read the history of target " + targetKey + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new StoreException("The packed history of target " + targetKey + " (table history_block) cannot"
                    + " be read: " + e.getMessage() + ". It was not written by this rankkeeper version, or it was"
                    + " changed outside rankkeeper; the observation and rank tables still hold every attempt (query"
                    + " them with the sql command), or restore the database from a backup.", e);
        }
    }

    private List<HistoryEntry> read(Connection connection, String targetKey, OffsetDateTime from,
            OffsetDateTime to) throws SQLException {
        Long targetId = targetIds.cached(targetKey);
        if (targetId == null) {
            // ids are loaded by writes: a reading store, or a target another process synced, looks it up
            targetId = targetId(connection, targetKey);
            if (targetId == null) {
                return List.of();
            }
            targetIds.remember(targetKey, targetId);
        }
        OffsetDateTime packedBefore = HistoryBlocks.packedBefore(connection).atOffset(ZoneOffset.UTC);
        List<PackedEntry> packed = from.isBefore(packedBefore)
                ? HistoryBlocks.read(connection, targetId, from, min(to, packedBefore))
                : new ArrayList<>();
        if (to.isAfter(packedBefore)) {
            unpacked(connection, targetId, max(from, packedBefore), to, packed);
        }
        Categories categories = categories(connection, packed);
        List<HistoryEntry> entries = new ArrayList<>(packed.size());
        for (PackedEntry entry : packed) {
            entries.add(new HistoryEntry(entry.id(), entry.runId(), entry.scheduledAt(), entry.observedAt(),
                    Outcome.valueOf(entry.outcome()), entry.httpStatus(), entry.attempts(),
                    Duration.ofMillis(entry.durationMs()), entry.bytes(), entry.finalUrl(), entry.extractor(),
                    entry.extractorVersion(), entry.title(), entry.detail(), ranks(targetKey, entry, categories)));
        }
        // blocks are packed in time order, so this is mostly a check
        for (int i = 1; i < entries.size(); i++) {
            if (IN_TIME.compare(entries.get(i - 1), entries.get(i)) > 0) {
                entries.sort(IN_TIME);
                break;
            }
        }
        return entries;
    }

    /** The entry's ranks with their categories, main first, then by name and node id. */
    private static List<StoredRank> ranks(String targetKey, PackedEntry entry, Categories categories)
            throws SQLException {
        List<StoredRank> ranks = new ArrayList<>(entry.ranks().size());
        for (PackedEntry.PackedRank rank : entry.ranks()) {
            Category category = categories.get(rank.categoryId());
            if (category == null) {
                throw new SQLException("A rank of target " + targetKey + " names category "
                        + rank.categoryId() + ", which is not in the category table");
            }
            ranks.add(new StoredRank(category.marketplace(), category.name(), category.nodeId(), rank.rank(),
                    rank.main()));
        }
        // the page's order is mostly this one already: a check costs less than a sort
        for (int i = 1; i < ranks.size(); i++) {
            if (compareMainFirst(ranks.get(i - 1), ranks.get(i)) > 0) {
                ranks.sort(TargetHistory::compareMainFirst);
                break;
            }
        }
        return ranks;
    }

    /**
     * Main first, then by category name and node id (none first). Written out rather than
     * chained from {@code Comparator.comparing}: a history compares a few thousand ranks, and
     * the chain of lambdas took a thirteenth of its CPU (async-profiler, PostgreSQL at 10 M).
     */
    private static int compareMainFirst(StoredRank a, StoredRank b) {
        if (a.main() != b.main()) {
            return a.main() ? -1 : 1;
        }
        int byName = a.categoryName().compareTo(b.categoryName());
        if (byName != 0 || Objects.equals(a.nodeId(), b.nodeId())) {
            return byName;
        }
        if (a.nodeId() == null || b.nodeId() == null) {
            return a.nodeId() == null ? -1 : 1;
        }
        return a.nodeId().compareTo(b.nodeId());
    }

    /** Adds the attempts not packed yet, from their observation and rank rows (one query). */
    private static void unpacked(Connection connection, long targetId, OffsetDateTime from, OffsetDateTime to,
            List<PackedEntry> entries) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UNPACKED)) {
            statement.setLong(1, targetId);
            statement.setObject(2, from, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(3, to, Types.TIMESTAMP_WITH_TIMEZONE);
            try (ResultSet rows = statement.executeQuery()) {
                AttemptRows.read(rows, (target, entry) -> entries.add(entry));
            }
        }
    }

    private static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    private static OffsetDateTime max(OffsetDateTime a, OffsetDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static Long targetId(Connection connection, String targetKey) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM target WHERE target_key = ?")) {
            statement.setString(1, targetKey);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    /** The categories the entries' ranks name, by id: from the cache, and one query for the rest. */
    private Categories categories(Connection connection, List<PackedEntry> entries) throws SQLException {
        Categories categories = new Categories(categoryCache);
        TreeSet<Long> ids = new TreeSet<>();
        for (PackedEntry entry : entries) {
            for (PackedEntry.PackedRank rank : entry.ranks()) {
                if (categories.get(rank.categoryId()) == null) {
                    ids.add(rank.categoryId());
                }
            }
        }
        if (ids.isEmpty()) {
            return categories;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, marketplace, name, node_id FROM category WHERE id IN (" + marks + ")")) {
            int index = 1;
            for (long id : ids) {
                statement.setLong(index++, id);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    categoryCache.put(rows.getLong(1), new Category(rows.getString(2), rows.getString(3),
                            rows.getString(4)));
                }
            }
        }
        return categories;
    }

    /**
     * The cache as one history reads it: a target's ranks name the same few categories a thousand
     * times over, so the last few found are kept in arrays, without boxing an id per rank.
     */
    private static final class Categories {

        private static final int KEPT = 8;

        private final Map<Long, Category> cache;
        private final long[] ids = new long[KEPT];
        private final Category[] found = new Category[KEPT];
        private int count;

        Categories(Map<Long, Category> cache) {
            this.cache = cache;
        }

        /** The category, or null when the cache does not hold it. */
        Category get(long id) {
            for (int i = 0; i < count; i++) {
                if (ids[i] == id) {
                    return found[i];
                }
            }
            Category category = cache.get(id);
            if (category != null && count < KEPT) {
                ids[count] = id;
                found[count++] = category;
            }
            return category;
        }
    }

    private record Category(String marketplace, String name, String nodeId) {
    }
}
