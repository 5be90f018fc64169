package io.rankkeeper.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Packs stored attempts into {@code history_block} in time order: one pass takes the attempts
 * observed from {@code packed_before} on (at most {@link #MAX_PER_PASS}), appends a block per
 * target and moves {@code packed_before} past them, in one transaction that holds the
 * {@code history_pack} row while it appends, so writers wait for that part. Memory per pass: the encoded blocks (about
 * 40 bytes per attempt) and one decoded attempt per target. Stateless; the caller owns the
 * connection and the transaction.
 */
final class HistoryPacker {

    /** Attempts per pass at most: about 8 MB of blocks. */
    static final int MAX_PER_PASS = 200_000;

    private static final String PASS_END = """
            SELECT observed_at FROM observation
             WHERE observed_at >= ? AND observed_at < ?
             ORDER BY observed_at
             LIMIT 1 OFFSET ?
            """;

    private static final String UNPACKED = """
            SELECT COUNT(*) FROM (SELECT 1 FROM observation WHERE observed_at >= ? AND observed_at < ? LIMIT ?) u
            """;

    private static final String COUNT = "SELECT COUNT(*) FROM observation WHERE observed_at >= ? AND observed_at < ?";

    private static final String ATTEMPTS = AttemptRows.SELECT + """
             WHERE o.observed_at >= ? AND o.observed_at < ?
             ORDER BY o.observed_at, o.id
            """;

    private HistoryPacker() {
    }

    /** How many attempts observed before {@code until} are not packed, counting up to {@code limit}. */
    static int unpacked(Connection connection, Instant until, int limit) throws SQLException {
        Instant from = HistoryBlocks.packedBefore(connection);
        if (!from.isBefore(until)) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement(UNPACKED)) {
            statement.setObject(1, utc(from), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(2, utc(until), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setInt(3, limit);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /**
     * One pass, oldest attempts first. Reads the attempts observed from {@code packed_before} on
     * (at most {@link #MAX_PER_PASS}, all before {@code until}) without a lock; then takes the
     * {@code history_pack} row, and if no attempt of that span was stored meanwhile (the same
     * {@code packed_before}, the same count), appends the blocks and moves {@code packed_before}.
     * So writers wait only for the appending, not for the reading (3.5 to 9 s for 200,000 attempts
     * of a 1 M database; H2 gives up on a lock after 2 s). Returns how many it packed (0 when
     * nothing waited, or when the span changed: a later pass packs it) and the ranges of blocks
     * that {@link HistoryMerger} may merge once this transaction committed.
     */
    static Pass pass(Connection connection, Instant until) throws SQLException {
        Instant from = HistoryBlocks.packedBefore(connection);
        if (!from.isBefore(until)) {
            return Pass.NONE;
        }
        Instant end = passEnd(connection, from, until);
        SortedMap<Long, List<HistoryBlockCodec.Builder>> blocks = new TreeMap<>();
        int packed = read(connection, from, end, blocks);
        // from here to the commit, writers wait
        if (!HistoryBlocks.lockPackedBefore(connection).equals(from) || count(connection, from, end) != packed) {
            return Pass.NONE;
        }
        List<HistoryMerger.Range> merges = HistoryBlocks.insertAfterNewest(connection, blocks);
        HistoryBlocks.setPackedBefore(connection, end);
        return new Pass(packed, merges);
    }

    /** What a pass packed, and the blocks it made worth merging. */
    record Pass(int packed, List<HistoryMerger.Range> merges) {
        static final Pass NONE = new Pass(0, List.of());
    }

    private static int count(Connection connection, Instant from, Instant end) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COUNT)) {
            statement.setObject(1, utc(from), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(2, utc(end), Types.TIMESTAMP_WITH_TIMEZONE);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /**
     * Where this pass stops: {@code until}, or the time of the attempt after the first
     * {@link #MAX_PER_PASS}; never {@code from} itself (all attempts of one instant go together).
     */
    private static Instant passEnd(Connection connection, Instant from, Instant until) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(PASS_END)) {
            statement.setObject(1, utc(from), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(2, utc(until), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setInt(3, MAX_PER_PASS);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return until;
                }
                Instant end = row.getObject(1, OffsetDateTime.class).toInstant();
                return end.isAfter(from) ? end : from.plusNanos(1_000);
            }
        }
    }

    /** Reads the attempts of {@code [from, end)} with their ranks into blocks per target. */
    private static int read(Connection connection, Instant from, Instant end,
            SortedMap<Long, List<HistoryBlockCodec.Builder>> blocks) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ATTEMPTS)) {
            statement.setObject(1, utc(from), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(2, utc(end), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setFetchSize(1_000);
            try (ResultSet rows = statement.executeQuery()) {
                return AttemptRows.read(rows, (targetId, entry) -> HistoryBlocks.add(blocks, targetId, entry));
            }
        }
    }


    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
