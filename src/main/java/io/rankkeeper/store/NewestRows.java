package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest row per target between per-target bounds, for many targets in one statement: the
 * bounds go in as one array per column, {@code UNNEST}ed into a table that is joined with
 * {@code observation(target_id, observed_at)}, a short range read per target (the same SQL on H2
 * and PostgreSQL). {@code targets} made a few queries per target one at a time before: 25 s for
 * 100,000 targets on H2, 65 s through a daemon's server. Stateless.
 */
final class NewestRows {

    /** A target's bounds: {@code from <= observed_at < before}; the category for a rank. */
    record Bounds(long targetId, long categoryId, OffsetDateTime from, OffsetDateTime before) {
    }

    private static final String ATTEMPTS = newestPerTarget("o.outcome", "");

    private static final String RANKS = newestPerTarget("r.rank", """
            AND o.outcome = 'OK'
            JOIN rank r ON r.observation_id = o.id AND r.category_id = k.category_id
            """);

    /**
     * {@code value} and {@code observed_at} of each target's newest observation within its bounds
     * (and {@code joined}): the bounds are a table of one row per target, unnested from arrays.
     */
    private static String newestPerTarget(String value, String joined) {
        return """
                SELECT target_id, found, observed_at FROM (
                  SELECT k.target_id, %s AS found, o.observed_at,
                         ROW_NUMBER() OVER (PARTITION BY k.target_id ORDER BY o.observed_at DESC, o.id DESC) AS n
                    FROM UNNEST(CAST(? AS BIGINT ARRAY), CAST(? AS BIGINT ARRAY),
                                CAST(? AS TIMESTAMP WITH TIME ZONE ARRAY), CAST(? AS TIMESTAMP WITH TIME ZONE ARRAY))
                         AS k(target_id, category_id, lo, hi)
                    JOIN observation o ON o.target_id = k.target_id AND o.observed_at >= k.lo AND o.observed_at < k.hi
                    %s
                ) newest WHERE n = 1
                """.formatted(value, joined);
    }

    private NewestRows() {
    }

    /** Per target, the newest attempt within its bounds, whatever its outcome. */
    static Map<Long, OverviewQueries.AttemptRow> attempts(Connection connection, List<Bounds> bounds)
            throws SQLException {
        Map<Long, OverviewQueries.AttemptRow> newest = new HashMap<>();
        try (PreparedStatement statement = prepare(connection, ATTEMPTS, bounds);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                newest.put(rows.getLong(1), new OverviewQueries.AttemptRow(Outcome.valueOf(rows.getString(2)),
                        rows.getObject(3, OffsetDateTime.class).toInstant()));
            }
        }
        return newest;
    }

    /** Per target, the rank in its category at the newest OK attempt within its bounds. */
    static Map<Long, RankAt> ranks(Connection connection, List<Bounds> bounds) throws SQLException {
        Map<Long, RankAt> newest = new HashMap<>();
        try (PreparedStatement statement = prepare(connection, RANKS, bounds);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                newest.put(rows.getLong(1), new RankAt(rows.getLong(2),
                        rows.getObject(3, OffsetDateTime.class).toInstant()));
            }
        }
        return newest;
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Bounds> bounds)
            throws SQLException {
        int size = bounds.size();
        Long[] targets = new Long[size];
        Long[] categories = new Long[size];
        OffsetDateTime[] from = new OffsetDateTime[size];
        OffsetDateTime[] before = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            Bounds one = bounds.get(i);
            targets[i] = one.targetId();
            categories[i] = one.categoryId();
            from[i] = one.from();
            before[i] = one.before();
        }
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setArray(1, array(connection, "BIGINT", targets));
            statement.setArray(2, array(connection, "BIGINT", categories));
            statement.setArray(3, array(connection, "TIMESTAMP WITH TIME ZONE", from));
            statement.setArray(4, array(connection, "TIMESTAMP WITH TIME ZONE", before));
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }
}
