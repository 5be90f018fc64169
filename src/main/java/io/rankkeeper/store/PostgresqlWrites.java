package io.rankkeeper.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The observation writer's statements on PostgreSQL: one statement per table and batch, its rows
 * passed as one array per column and expanded by {@code unnest}. A JDBC batch of one-row
 * statements costs the server an executor start per row, and the writer a bind of every value
 * ({@code bench --store-url}: the writer's JVM and the server took turns at about 100 us an
 * observation each). An attempt already stored is skipped by {@code ON CONFLICT DO NOTHING} on the
 * unique key, with no query of the target's earlier attempts (H2's {@code NOT EXISTS} form ran
 * here with a generic plan made while the table was small, which read every earlier attempt of the
 * target: inserts slowed down as histories grew); {@code RETURNING} names the rows inserted. The latest rank per target and category
 * is moved forward by {@code ON CONFLICT DO UPDATE ... WHERE} older, which also inserts a first
 * one: a concurrent writer of the same entry waits for the other's commit instead of failing.
 * Stateless.
 */
final class PostgresqlWrites implements BatchStatements {

    private static final String INSERT_OBSERVATIONS = ObservationWrites.OBSERVATION_COLUMNS + """
            SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[], ?::timestamptz[],
                                 ?::varchar[], ?::integer[], ?::integer[], ?::bigint[], ?::bigint[], ?::varchar[],
                                 ?::varchar[], ?::varchar[], ?::integer[], ?::varchar[], ?::varchar[])
            ON CONFLICT (target_id, scheduled_at) DO NOTHING
            RETURNING id
            """;

    private static final String INSERT_RANKS = """
            INSERT INTO rank (observation_id, category_id, rank, is_main)
            SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::boolean[])
            """;

    /** Takes one row per (target, category): a second one would make the statement fail. */
    private static final String ADVANCE_LATEST = """
            INSERT INTO latest_rank_entry (target_id, category_id, observation_id, observed_at, rank, is_main)
            SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[], ?::bigint[], ?::boolean[])
            ON CONFLICT (target_id, category_id) DO UPDATE
               SET observation_id = EXCLUDED.observation_id, observed_at = EXCLUDED.observed_at,
                   rank = EXCLUDED.rank, is_main = EXCLUDED.is_main
             WHERE latest_rank_entry.observed_at < EXCLUDED.observed_at
            """;

    PostgresqlWrites() {
    }

    @Override
    public int[] insertObservations(Connection connection, List<ObservationWrites.ObservationRow> rows)
            throws SQLException {
        Set<Long> inserted = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT_OBSERVATIONS)) {
            Columns<ObservationWrites.ObservationRow> columns = new Columns<>(connection, statement, rows);
            columns.add("bigint", ObservationWrites.ObservationRow::id);
            columns.add("bigint", ObservationWrites.ObservationRow::runId);
            columns.add("bigint", ObservationWrites.ObservationRow::targetId);
            columns.add("timestamptz", row -> timestamp(row.scheduledAt()));
            columns.add("timestamptz", row -> timestamp(row.observedAt()));
            columns.add("varchar", ObservationWrites.ObservationRow::outcome);
            columns.add("integer", ObservationWrites.ObservationRow::httpStatus);
            columns.add("integer", ObservationWrites.ObservationRow::attempts);
            columns.add("bigint", ObservationWrites.ObservationRow::durationMs);
            columns.add("bigint", ObservationWrites.ObservationRow::bytes);
            columns.add("varchar", ObservationWrites.ObservationRow::finalUrl);
            columns.add("varchar", ObservationWrites.ObservationRow::bodyHash);
            columns.add("varchar", ObservationWrites.ObservationRow::extractor);
            columns.add("integer", ObservationWrites.ObservationRow::extractorVersion);
            columns.add("varchar", ObservationWrites.ObservationRow::title);
            columns.add("varchar", ObservationWrites.ObservationRow::detail);
            try (ResultSet ids = statement.executeQuery()) {
                while (ids.next()) {
                    inserted.add(ids.getLong(1));
                }
            }
        }
        int[] counts = new int[rows.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = inserted.contains(rows.get(i).id()) ? 1 : 0;
        }
        return counts;
    }

    @Override
    public void insertRanks(Connection connection, List<ObservationWrites.RankRow> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_RANKS)) {
            Columns<ObservationWrites.RankRow> columns = new Columns<>(connection, statement, rows);
            columns.add("bigint", ObservationWrites.RankRow::observationId);
            columns.add("bigint", ObservationWrites.RankRow::categoryId);
            columns.add("bigint", ObservationWrites.RankRow::rank);
            columns.add("boolean", ObservationWrites.RankRow::main);
            statement.executeUpdate();
        }
    }

    @Override
    public void advanceLatest(Connection connection, List<ObservationWrites.RankRow> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ADVANCE_LATEST)) {
            Columns<ObservationWrites.RankRow> columns = new Columns<>(connection, statement, rows);
            columns.add("bigint", ObservationWrites.RankRow::targetId);
            columns.add("bigint", ObservationWrites.RankRow::categoryId);
            columns.add("bigint", ObservationWrites.RankRow::observationId);
            columns.add("timestamptz", row -> timestamp(row.observedAt()));
            columns.add("bigint", ObservationWrites.RankRow::rank);
            columns.add("boolean", ObservationWrites.RankRow::main);
            statement.executeUpdate();
        }
    }

    /**
     * The time as PostgreSQL's text form reads it, rounded to its microseconds as the driver
     * rounds a bound {@code OffsetDateTime}.
     */
    private static String timestamp(OffsetDateTime time) {
        return time.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
    }

    /** Binds the statement's parameters in order, one array per column of the rows. */
    private static final class Columns<T> {

        private final Connection connection;
        private final PreparedStatement statement;
        private final List<T> rows;
        private int index;

        Columns(Connection connection, PreparedStatement statement, List<T> rows) {
            this.connection = connection;
            this.statement = statement;
            this.rows = rows;
        }

        void add(String type, Function<T, Object> column) throws SQLException {
            Object[] values = new Object[rows.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = column.apply(rows.get(i));
            }
            Array array = connection.createArrayOf(type, values);
            statement.setArray(++index, array);
        }
    }
}
