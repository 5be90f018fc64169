package io.rankkeeper.store;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Writes one batch of observations in one transaction: observations (duplicates skipped),
 * their ranks, and the latest rank per target and category moved forward, by the database's
 * {@link BatchStatements} (JDBC batches on H2, one statement per table on PostgreSQL), with no
 * per-row query: target and category ids come from the caches, observation ids from blocks of
 * the sequence. An attempt observed before the packer's {@code packed_before} (rare: runs are
 * packed once they are over) is also appended to its target's {@code history_block}. Used by the writer thread only; not thread-safe.
 */
final class ObservationBatch {

    private final Jdbi jdbi;
    private final BatchStatements statements;
    private final TargetIds targetIds;
    private final CategoryIds categoryIds;
    private long nextId;
    private long idBlockEnd;

    ObservationBatch(Jdbi jdbi, Vendor vendor, TargetIds targetIds, CategoryIds categoryIds) {
        this.jdbi = jdbi;
        this.statements = vendor == Vendor.POSTGRESQL ? new PostgresqlWrites() : new ObservationWrites();
        this.targetIds = targetIds;
        this.categoryIds = categoryIds;
    }

    /** Writes the batch; returns how many were duplicates of stored observations and so ignored. */
    int write(List<Observation> observations) {
        // resolved before the transaction: a category insert must not share a transaction with the batch
        List<List<ResolvedRank>> ranks = new ArrayList<>(observations.size());
        for (Observation observation : observations) {
            ranks.add(resolveRanks(observation));
        }
        Written written;
        try {
            written = jdbi.inTransaction(handle -> write(handle.getConnection(), observations, ranks));
        } catch (SQLException e) {
            // not a StoreException: the writer retries the batch (the transaction was rolled back)
            throw new UnableToExecuteStatementException(e, null);
        }
        // after the commit: ranges of blocks the batch's late attempts completed
        HistoryMerger.mergeAll(jdbi, written.merges());
        return written.duplicates();
    }

    /** What a batch's transaction did: the duplicates it skipped, the block ranges to merge after it. */
    private record Written(int duplicates, List<HistoryMerger.Range> merges) {
    }

    private Written write(Connection connection, List<Observation> observations, List<List<ResolvedRank>> ranks)
            throws SQLException {
        // first: a packer that moves packed_before waits for this batch, or this batch for it
        Instant packedBefore = HistoryBlocks.lockPackedBefore(connection);
        List<ObservationWrites.ObservationRow> rows = new ArrayList<>(observations.size());
        // ids taken inside the transaction: on H2 with WRITE_DELAY=0 every commit writes the
        // changed pages to the file, and a commit of its own per id block cost one more write
        for (Observation observation : observations) {
            rows.add(toRow(takeId(connection), observation));
        }
        int[] inserted = statements.insertObservations(connection, rows);
        int duplicates = 0;
        List<ObservationWrites.RankRow> rankRows = new ArrayList<>();
        // attempts observed before packed_before: the packer has gone past them, so they are packed now
        SortedMap<Long, List<HistoryBlockCodec.Builder>> late = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (inserted[i] == 0) {
                duplicates++;
                continue;
            }
            ObservationWrites.ObservationRow row = rows.get(i);
            for (ResolvedRank rank : ranks.get(i)) {
                rankRows.add(new ObservationWrites.RankRow(row.id(), row.targetId(), rank.categoryId(),
                        row.observedAt(), rank.rank(), rank.main()));
            }
            if (row.observedAt().toInstant().isBefore(packedBefore)) {
                HistoryBlocks.add(late, row.targetId(), packed(row, ranks.get(i)));
            }
        }
        if (!rankRows.isEmpty()) {
            statements.insertRanks(connection, rankRows);
            statements.advanceLatest(connection, newestPerEntry(rankRows));
        }
        List<HistoryMerger.Range> merges = late.isEmpty() ? List.of() : HistoryBlocks.insertAfterNewest(connection, late);
        return new Written(duplicates, merges);
    }

    /** The attempt as {@code history_block} keeps it. */
    private static PackedEntry packed(ObservationWrites.ObservationRow row, List<ResolvedRank> ranks) {
        List<PackedEntry.PackedRank> packedRanks = new ArrayList<>(ranks.size());
        for (ResolvedRank rank : ranks) {
            packedRanks.add(new PackedEntry.PackedRank(rank.categoryId(), rank.rank(), rank.main()));
        }
        return new PackedEntry(row.id(), row.runId(), HistoryBlocks.columnPrecision(row.scheduledAt().toInstant()),
                HistoryBlocks.columnPrecision(row.observedAt().toInstant()), row.outcome(), row.httpStatus(),
                row.attempts(), row.durationMs(), row.bytes(), row.finalUrl(), row.extractor(), row.extractorVersion(),
                row.title(), row.detail(), packedRanks);
    }

    /**
     * One candidate per (target, category), in key order: the newest in this batch, so that
     * insert-if-absent cannot let an older row of the same batch win, and a statement writes each
     * entry once, locking entries in the same order as any other writer.
     */
    private static List<ObservationWrites.RankRow> newestPerEntry(List<ObservationWrites.RankRow> rankRows) {
        Map<EntryKey, ObservationWrites.RankRow> newest = new TreeMap<>();
        for (ObservationWrites.RankRow row : rankRows) {
            newest.merge(new EntryKey(row.targetId(), row.categoryId()), row,
                    (kept, candidate) -> candidate.observedAt().isAfter(kept.observedAt()) ? candidate : kept);
        }
        return new ArrayList<>(newest.values());
    }

    private record EntryKey(long targetId, long categoryId) implements Comparable<EntryKey> {
        @Override
        public int compareTo(EntryKey other) {
            int byTarget = Long.compare(targetId, other.targetId);
            return byTarget != 0 ? byTarget : Long.compare(categoryId, other.categoryId);
        }
    }

    private List<ResolvedRank> resolveRanks(Observation observation) {
        if (observation.ranks().isEmpty()) {
            return List.of();
        }
        String marketplace = observation.marketplace() == null ? "" : observation.marketplace();
        List<ResolvedRank> resolved = new ArrayList<>(observation.ranks().size());
        Set<Long> seen = new HashSet<>();
        for (CategoryRank rank : observation.ranks()) {
            long categoryId = categoryIds.idOf(marketplace, rank);
            // a page listing one category twice keeps its first rank (the primary key is per category)
            if (seen.add(categoryId)) {
                resolved.add(new ResolvedRank(categoryId, rank.rank(), rank.main()));
            }
        }
        return resolved;
    }

    /**
     * The next free observation id; one sequence round trip per block of ids. Sequences are not
     * transactional: a rolled-back batch leaves a gap, never a reused id.
     */
    private long takeId(Connection connection) throws SQLException {
        if (nextId >= idBlockEnd) {
            nextId = ObservationWrites.nextIdBlock(connection);
            idBlockEnd = nextId + BatchingObservationWriter.ID_BLOCK_SIZE;
        }
        return nextId++;
    }

    private ObservationWrites.ObservationRow toRow(long id, Observation observation) {
        return new ObservationWrites.ObservationRow(id, observation.runId(),
                targetIds.require(observation.targetKey()), utc(observation.scheduledAt()),
                utc(observation.observedAt()), observation.outcome().name(), observation.httpStatus(),
                observation.attempts(), observation.duration().toMillis(), observation.bytes(),
                observation.finalUrl(), observation.bodyHash(), observation.extractor(),
                observation.extractorVersion(), observation.title(), observation.detail());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private record ResolvedRank(long categoryId, long rank, boolean main) {
    }
}
