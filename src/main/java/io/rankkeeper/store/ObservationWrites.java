package io.rankkeeper.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The batched writes of the observation writer on H2 ({@link PostgresqlWrites} on PostgreSQL),
 * and the id blocks of both: one JDBC batch per statement and transaction, on the transaction's
 * connection. Plain JDBC rather than Jdbi's {@code @SqlBatch}: the writer binds about forty
 * values per observation, and Jdbi's reflective binding of records took a fifth of the writer
 * thread's CPU (async-profiler, bench). An observation already stored is skipped by
 * {@code INSERT ... SELECT ... WHERE NOT EXISTS} (H2 has no {@code ON CONFLICT} outside its
 * PostgreSQL mode); a concurrent duplicate still hits the unique key and the writer retries the
 * batch. Stateless; the caller owns the connection.
 */
final class ObservationWrites implements BatchStatements {

    /** One observation row, ids resolved. */
    record ObservationRow(long id, long runId, long targetId, OffsetDateTime scheduledAt, OffsetDateTime observedAt,
            String outcome, Integer httpStatus, int attempts, long durationMs, long bytes, String finalUrl,
            String bodyHash, String extractor, int extractorVersion, String title, String detail) {
    }

    /** One rank row, also the candidate for latest_rank_entry. */
    record RankRow(long observationId, long targetId, long categoryId, OffsetDateTime observedAt, long rank,
            boolean main) {
    }

    private static final String NEXT_ID_BLOCK = "SELECT nextval('observation_id_seq')";

    static final String OBSERVATION_COLUMNS = """
            INSERT INTO observation (id, run_id, target_id, scheduled_at, observed_at, outcome, http_status, attempts,
                                     duration_ms, bytes, final_url, body_hash, extractor, extractor_version, title,
                                     detail)
            """;

    private static final String INSERT_OBSERVATION = OBSERVATION_COLUMNS + """
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
             WHERE NOT EXISTS (SELECT 1 FROM observation WHERE target_id = ? AND scheduled_at = ?)
            """;

    private static final String INSERT_RANK = """
            INSERT INTO rank (observation_id, category_id, rank, is_main) VALUES (?, ?, ?, ?)
            """;

    private static final String ADVANCE_LATEST = """
            UPDATE latest_rank_entry
               SET observation_id = ?, observed_at = ?, rank = ?, is_main = ?
             WHERE target_id = ? AND category_id = ? AND observed_at < ?
            """;

    private static final String INSERT_LATEST_IF_ABSENT = """
            INSERT INTO latest_rank_entry (target_id, category_id, observation_id, observed_at, rank, is_main)
            SELECT ?, ?, ?, ?, ?, ?
             WHERE NOT EXISTS (SELECT 1 FROM latest_rank_entry WHERE target_id = ? AND category_id = ?)
            """;

    ObservationWrites() {
    }

    /** The first id of a fresh block of {@link BatchingObservationWriter#ID_BLOCK_SIZE} observation ids. */
    static long nextIdBlock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(NEXT_ID_BLOCK);
                ResultSet result = statement.executeQuery()) {
            if (!result.next()) {
                throw new SQLException("The sequence observation_id_seq returned no value");
            }
            return result.getLong(1);
        }
    }

    @Override
    public int[] insertObservations(Connection connection, List<ObservationRow> rows) throws SQLException {
        return executeBatch(connection, INSERT_OBSERVATION, rows, (statement, row) -> {
            statement.setLong(1, row.id());
            statement.setLong(2, row.runId());
            statement.setLong(3, row.targetId());
            statement.setObject(4, row.scheduledAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(5, row.observedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setString(6, row.outcome());
            setInteger(statement, 7, row.httpStatus());
            statement.setInt(8, row.attempts());
            statement.setLong(9, row.durationMs());
            statement.setLong(10, row.bytes());
            setString(statement, 11, row.finalUrl());
            setString(statement, 12, row.bodyHash());
            setString(statement, 13, row.extractor());
            statement.setInt(14, row.extractorVersion());
            setString(statement, 15, row.title());
            setString(statement, 16, row.detail());
            statement.setLong(17, row.targetId());
            statement.setObject(18, row.scheduledAt(), Types.TIMESTAMP_WITH_TIMEZONE);
        });
    }

    @Override
    public void insertRanks(Connection connection, List<RankRow> rows) throws SQLException {
        executeBatch(connection, INSERT_RANK, rows, (statement, row) -> {
            statement.setLong(1, row.observationId());
            statement.setLong(2, row.categoryId());
            statement.setLong(3, row.rank());
            statement.setBoolean(4, row.main());
        });
    }

    /** An update where the entry is older, then an insert where the update found none. */
    @Override
    public void advanceLatest(Connection connection, List<RankRow> rows) throws SQLException {
        int[] advanced = executeBatch(connection, ADVANCE_LATEST, rows, (statement, row) -> {
            statement.setLong(1, row.observationId());
            statement.setObject(2, row.observedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setLong(3, row.rank());
            statement.setBoolean(4, row.main());
            statement.setLong(5, row.targetId());
            statement.setLong(6, row.categoryId());
            statement.setObject(7, row.observedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
        });
        List<RankRow> maybeAbsent = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            // 0: absent, or the stored one is as new or newer
            if (advanced[i] == 0) {
                maybeAbsent.add(rows.get(i));
            }
        }
        if (!maybeAbsent.isEmpty()) {
            insertLatestIfAbsent(connection, maybeAbsent);
        }
    }

    private static void insertLatestIfAbsent(Connection connection, List<RankRow> rows) throws SQLException {
        executeBatch(connection, INSERT_LATEST_IF_ABSENT, rows, (statement, row) -> {
            statement.setLong(1, row.targetId());
            statement.setLong(2, row.categoryId());
            statement.setLong(3, row.observationId());
            statement.setObject(4, row.observedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setLong(5, row.rank());
            statement.setBoolean(6, row.main());
            statement.setLong(7, row.targetId());
            statement.setLong(8, row.categoryId());
        });
    }

    /** Sets one row's parameters on the statement. */
    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** One JDBC batch of {@code sql}, a row each; returns the update counts. */
    private static <T> int[] executeBatch(Connection connection, String sql, List<T> rows, Binder<T> binder)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
            }
            return statement.executeBatch();
        }
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static void setString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
