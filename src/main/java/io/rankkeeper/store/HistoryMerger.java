package io.rankkeeper.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges a target's small {@code history_block} rows into larger ones, so that a long history
 * reads a few rows instead of one per packer pass. Block numbers (the low bits of
 * {@code block_key}) are given out one after the other and never reused; once a target's blocks
 * reach a multiple of 4, 16 or 64, the aligned range of numbers that ends there is merged into
 * one block under the range's last number, and the others are deleted: a base-4 counter whose
 * digits are the blocks. A target of 63 packer passes has 9 blocks, one of 64 passes 1, and
 * each attempt is rewritten at most three times. Whoever adds blocks (the packer, or a writer
 * with late attempts) merges the ranges it completed.
 *
 * <p>Merging changes where attempts are kept, never which: a block holds the same entries as
 * the blocks it replaces (sorted by time). It needs no lock of {@code history_pack}: new blocks
 * always get numbers after the target's newest, outside any range being merged, and the range's
 * last block is never deleted, so the newest number survives. Two merges of overlapping ranges
 * (two processes packing at once) cannot both change the range's last row: the later one fails
 * and leaves the range to the other. Stateless; the caller owns the connection and the transaction.
 */
final class HistoryMerger {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryMerger.class);

    /** Blocks merged into one at each level: 4, 16, 64. */
    static final int FAN_IN = 4;
    static final int MAX_SPAN = FAN_IN * FAN_IN * FAN_IN;
    /**
     * A merged block's bytes at most: {@code entries} is {@code VARBINARY(1000000)} on H2. Typical
     * attempts take about 45 bytes (64 blocks of 32: 92 KB); attempts with long titles, URLs and
     * details that change every time could take more, and their blocks stay as they are.
     */
    static final int MAX_BLOCK_BYTES = 512 * 1024;

    /** Targets whose blocks one transaction merges: at most 64 x 32 attempts each. */
    private static final int RANGES_PER_TRANSACTION = 50;

    private static final Comparator<PackedEntry> IN_TIME =
            Comparator.comparing(PackedEntry::observedAt).thenComparingLong(PackedEntry::id);

    private static final String READ_RANGE = """
            SELECT entries FROM history_block WHERE block_key >= ? AND block_key <= ? ORDER BY block_key
            """;

    private static final String REPLACE_LAST = """
            UPDATE history_block SET entry_count = ?, oldest_observed_at = ?, newest_observed_at = ?, entries = ?
             WHERE block_key = ?
            """;

    private static final String DELETE_REST = "DELETE FROM history_block WHERE block_key >= ? AND block_key < ?";

    /** The blocks numbered {@code first} to {@code last} of one target, as keys. */
    record Range(long firstKey, long lastKey) {
    }

    private HistoryMerger() {
    }

    /**
     * The range to merge once a target's blocks numbered below {@code before} were joined by those
     * up to {@code after} (exclusive), or null: the largest aligned span (at most
     * {@link #MAX_SPAN}) with a multiple in {@code (before, after]}, ending at the last such multiple.
     */
    static Range after(long targetId, long before, long after) {
        for (long span = MAX_SPAN; span >= FAN_IN; span /= FAN_IN) {
            long end = after / span * span;
            if (end > before && end > 0) {
                long first = (targetId << HistoryBlocks.BLOCK_BITS) + end - span;
                return new Range(first, first + span - 1);
            }
        }
        return null;
    }

    /**
     * Merges the ranges that a pass of the packer or a writer's late attempts made worth merging,
     * once that transaction committed: {@link #RANGES_PER_TRANSACTION} targets per transaction,
     * with no lock that writers wait for. A merge that fails (another process merged the same
     * blocks at the same moment, or a block cannot be decoded) leaves its blocks as they are and
     * is logged: the next larger range takes them.
     */
    static void mergeAll(Jdbi jdbi, List<Range> ranges) {
        int removed = 0;
        for (int start = 0; start < ranges.size(); start += RANGES_PER_TRANSACTION) {
            List<Range> some = ranges.subList(start, Math.min(ranges.size(), start + RANGES_PER_TRANSACTION));
            try {
                removed += jdbi.inTransaction(handle -> merge(handle.getConnection(), some, MAX_BLOCK_BYTES));
            } catch (SQLException | RuntimeException e) {
                // never fails its caller: a writer's batch is committed, the packer's pass too
                LOG.info("Left {} targets' history blocks unmerged for now: {}", some.size(), e.getMessage());
            }
        }
        if (removed > 0) {
            LOG.debug("Merged history blocks of {} targets: {} fewer blocks", ranges.size(), removed);
        }
    }

    /**
     * Merges each range into its last block, unless the block would take more than
     * {@code maxBytes}. Returns how many blocks it removed.
     */
    static int merge(Connection connection, List<Range> ranges, int maxBytes) throws SQLException {
        int removed = 0;
        try (PreparedStatement read = connection.prepareStatement(READ_RANGE);
                PreparedStatement replace = connection.prepareStatement(REPLACE_LAST);
                PreparedStatement delete = connection.prepareStatement(DELETE_REST)) {
            for (Range range : ranges) {
                read.setLong(1, range.firstKey());
                read.setLong(2, range.lastKey());
                List<PackedEntry> entries = new ArrayList<>();
                int blocks = 0;
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        entries.addAll(HistoryBlockCodec.decode(rows.getBytes(1)));
                        blocks++;
                    }
                }
                if (blocks < 2) {
                    continue; // merged already
                }
                entries.sort(IN_TIME);
                byte[] bytes = HistoryBlockCodec.encode(entries);
                if (bytes.length > maxBytes) {
                    continue;
                }
                replace.setInt(1, entries.size());
                replace.setObject(2, entries.get(0).observedAt().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                replace.setObject(3, entries.get(entries.size() - 1).observedAt().atOffset(ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                replace.setBytes(4, bytes);
                replace.setLong(5, range.lastKey());
                if (replace.executeUpdate() != 1) {
                    throw new SQLException("history block " + range.lastKey() + " was merged by another process meanwhile");
                }
                delete.setLong(1, range.firstKey());
                delete.setLong(2, range.lastKey());
                removed += delete.executeUpdate();
            }
        }
        return removed;
    }
}
