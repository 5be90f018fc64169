package io.rankkeeper.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The {@code history_block} rows of a target: its attempts, at most {@link #BLOCK_SIZE} per block
 * as packed (more once {@link HistoryMerger} merged them), and {@code history_pack}'s one row, the
 * time before which every attempt is in a block. Blocks are only ever added after a target's
 * newest one, by callers that hold the {@code history_pack} row (the packer, and a writer packing
 * a late attempt), so no two of them choose the same key. Stateless; the caller owns the
 * connection and the transaction.
 */
final class HistoryBlocks {

    /** Attempts per block as packed at most; {@link HistoryMerger} merges blocks into larger ones. */
    static final int BLOCK_SIZE = 32;
    /** block_key = target_id * 2^24 + block number. */
    static final int BLOCK_BITS = 24;

    private static final String NEWEST_KEY = """
            SELECT block_key FROM history_block
             WHERE block_key >= ? AND block_key < ?
             ORDER BY block_key DESC
             FETCH FIRST 1 ROW ONLY
            """;

    private static final String INSERT_BLOCK = """
            INSERT INTO history_block (block_key, target_id, entry_count, oldest_observed_at, newest_observed_at,
                                       entries)
            VALUES (?, ?, ?, ?, ?, ?)
            """;

    private static final String READ_BLOCKS = """
            SELECT entries FROM history_block
             WHERE block_key >= ? AND block_key < ?
               AND newest_observed_at >= ? AND oldest_observed_at < ?
             ORDER BY block_key
            """;

    private static final String LOCK_PACKED_BEFORE = "SELECT packed_before FROM history_pack WHERE id = 1 FOR UPDATE";
    private static final String PACKED_BEFORE = "SELECT packed_before FROM history_pack WHERE id = 1";
    private static final String SET_PACKED_BEFORE = "UPDATE history_pack SET packed_before = ? WHERE id = 1";

    private HistoryBlocks() {
    }

    /**
     * The time before which attempts are packed, locked until the transaction ends: a writer and
     * the packer never decide differently about the same attempt.
     */
    static Instant lockPackedBefore(Connection connection) throws SQLException {
        return packedBefore(connection, LOCK_PACKED_BEFORE);
    }

    /** The time before which attempts are packed, without a lock (for readers). */
    static Instant packedBefore(Connection connection) throws SQLException {
        return packedBefore(connection, PACKED_BEFORE);
    }

    static void setPackedBefore(Connection connection, Instant packedBefore) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SET_PACKED_BEFORE)) {
            statement.setObject(1, utc(packedBefore), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.executeUpdate();
        }
    }

    private static Instant packedBefore(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("history_pack has no row; the schema was changed outside rankkeeper");
            }
            return row.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    /** Adds the entry to its target's newest unfinished builder in {@code blocks}, starting one when full. */
    static void add(SortedMap<Long, List<HistoryBlockCodec.Builder>> blocks, long targetId, PackedEntry entry) {
        List<HistoryBlockCodec.Builder> builders = blocks.computeIfAbsent(targetId, id -> new ArrayList<>());
        if (builders.isEmpty() || builders.get(builders.size() - 1).count() >= BLOCK_SIZE) {
            builders.add(new HistoryBlockCodec.Builder());
        }
        builders.get(builders.size() - 1).add(entry);
    }

    /**
     * Adds the blocks after each target's newest one (targets in key order), never rewriting one:
     * one new row per target and pass of the packer, or per writer batch with late attempts.
     * Returns the ranges of blocks that {@link HistoryMerger} may now merge.
     */
    static List<HistoryMerger.Range> insertAfterNewest(Connection connection,
            SortedMap<Long, List<HistoryBlockCodec.Builder>> blocks) throws SQLException {
        List<HistoryMerger.Range> merges = new ArrayList<>();
        // the key only: the packer runs this while writers wait for history_pack, once per target
        try (PreparedStatement newest = connection.prepareStatement(NEWEST_KEY);
                PreparedStatement insert = connection.prepareStatement(INSERT_BLOCK)) {
            for (Map.Entry<Long, List<HistoryBlockCodec.Builder>> target : blocks.entrySet()) {
                long targetId = target.getKey();
                newest.setLong(1, firstKey(targetId));
                newest.setLong(2, firstKey(targetId + 1));
                long key = firstKey(targetId);
                try (ResultSet row = newest.executeQuery()) {
                    if (row.next()) {
                        key = row.getLong(1) + 1;
                    }
                }
                long numbered = key - firstKey(targetId);
                HistoryMerger.Range merge = HistoryMerger.after(targetId, numbered, numbered + target.getValue().size());
                if (merge != null) {
                    merges.add(merge);
                }
                for (HistoryBlockCodec.Builder block : target.getValue()) {
                    insert.setLong(1, key++);
                    insert.setLong(2, targetId);
                    insert.setInt(3, block.count());
                    insert.setObject(4, utc(block.oldest()), Types.TIMESTAMP_WITH_TIMEZONE);
                    insert.setObject(5, utc(block.newest()), Types.TIMESTAMP_WITH_TIMEZONE);
                    insert.setBytes(6, block.toBytes());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        return merges;
    }

    /** The target's entries with {@code from <= observed_at < to}, in block order (not sorted by time). */
    static List<PackedEntry> read(Connection connection, long targetId, OffsetDateTime from, OffsetDateTime to)
            throws SQLException {
        List<PackedEntry> entries = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(READ_BLOCKS)) {
            statement.setLong(1, firstKey(targetId));
            statement.setLong(2, firstKey(targetId + 1));
            statement.setObject(3, from, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(4, to, Types.TIMESTAMP_WITH_TIMEZONE);
            Instant since = from.toInstant();
            Instant until = to.toInstant();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    for (PackedEntry entry : HistoryBlockCodec.decode(rows.getBytes(1))) {
                        if (!entry.observedAt().isBefore(since) && entry.observedAt().isBefore(until)) {
                            entries.add(entry);
                        }
                    }
                }
            }
        }
        return entries;
    }

    /**
     * {@code instant} as a {@code TIMESTAMP WITH TIME ZONE} column holds it: rounded half up to
     * whole microseconds, as H2 and the PostgreSQL driver both do.
     */
    static Instant columnPrecision(Instant instant) {
        long nanos = instant.getNano();
        long rounded = (nanos + 500) / 1_000 * 1_000;
        return instant.minusNanos(nanos).plusNanos(rounded);
    }

    private static long firstKey(long targetId) {
        return targetId << BLOCK_BITS;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
