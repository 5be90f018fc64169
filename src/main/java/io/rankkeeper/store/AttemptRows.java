package io.rankkeeper.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Attempts read from {@code observation} and {@code rank} in one query ({@link #SELECT} plus a
 * WHERE and an ORDER BY that keeps an observation's rank rows together), as {@link PackedEntry}s.
 * Stateless.
 */
final class AttemptRows {

    static final String SELECT = """
            SELECT o.id, o.target_id, o.run_id, o.scheduled_at, o.observed_at, o.outcome, o.http_status, o.attempts,
                   o.duration_ms, o.bytes, o.final_url, o.extractor, o.extractor_version, o.title, o.detail,
                   r.category_id, r.rank, r.is_main
              FROM observation o
              LEFT JOIN rank r ON r.observation_id = o.id
            """;

    /** Receives each attempt with its target's id. */
    @FunctionalInterface
    interface Sink {
        void accept(long targetId, PackedEntry entry);
    }

    private AttemptRows() {
    }

    /** Hands each attempt of the rows to the sink, in the rows' order; returns how many. */
    static int read(ResultSet rows, Sink sink) throws SQLException {
        int count = 0;
        Pending pending = null;
        while (rows.next()) {
            long id = rows.getLong(1);
            if (pending == null || pending.id != id) {
                if (pending != null) {
                    sink.accept(pending.targetId, pending.entry());
                    count++;
                }
                pending = new Pending(id, rows);
            }
            long category = rows.getLong(16);
            if (!rows.wasNull()) {
                pending.ranks.add(new PackedEntry.PackedRank(category, rows.getLong(17), rows.getBoolean(18)));
            }
        }
        if (pending != null) {
            sink.accept(pending.targetId, pending.entry());
            count++;
        }
        return count;
    }

    /** The observation columns of the current row, while its rank rows are read. */
    private static final class Pending {

        final long id;
        final long targetId;
        final List<PackedEntry.PackedRank> ranks = new ArrayList<>(4);
        private final PackedEntry withoutRanks;

        Pending(long id, ResultSet rows) throws SQLException {
            this.id = id;
            this.targetId = rows.getLong(2);
            Object status = rows.getObject(7);
            this.withoutRanks = new PackedEntry(id, rows.getLong(3), rows.getObject(4, OffsetDateTime.class).toInstant(),
                    rows.getObject(5, OffsetDateTime.class).toInstant(), rows.getString(6),
                    status == null ? null : ((Number) status).intValue(), rows.getInt(8), rows.getLong(9),
                    rows.getLong(10), rows.getString(11), rows.getString(12), rows.getInt(13), rows.getString(14),
                    rows.getString(15), List.of());
        }

        PackedEntry entry() {
            return withoutRanks.withRanks(ranks);
        }
    }
}
