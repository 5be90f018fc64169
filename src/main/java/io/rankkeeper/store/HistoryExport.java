package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Streams the whole history in long format, in observation id order, without holding it:
 * a forward-only, read-only cursor with a fetch size, in a read-only transaction (PostgreSQL only
 * streams with autocommit off), and on H2 with lazy query execution (otherwise H2 copies the whole
 * result to a temporary file before the first row).
 *
 * <p>Why observation id order: the primary key serves it, so neither database sorts the history;
 * ids are handed out in increasing blocks as attempts are stored, so the order is close to time
 * order. (Target-then-time order would need the (target_id, observed_at) index for the
 * observations and a sort for the joined ranks.) Within an observation, ranks come in the order of
 * the rank primary key. Stateless.
 */
final class HistoryExport {

    /** Rows per round trip; small enough that a 64 MB heap never notices. */
    static final int FETCH_SIZE = 1_000;

    private HistoryExport() {
    }

    /** The SELECT for a filter, with one {@code ?} per bound value, in {@link #bind} order. */
    static String sql(Vendor vendor, HistoryFilter filter) {
        // On H2 the time filter would otherwise pick observation_observed_idx (V9) and sort every
        // row it finds by id before the first one: USE INDEX () keeps the primary key's order.
        StringBuilder sql = new StringBuilder("""
                SELECT t.target_key, t.label, t.group_name, t.url, o.observed_at, o.run_id, o.outcome,
                       c.name AS category_name, c.node_id, c.marketplace, r.rank, r.is_main, o.http_status, o.id
                  FROM observation o""" + (vendor == Vendor.H2 ? " USE INDEX ()" : "") + """

                  JOIN target t        ON t.id = o.target_id
                  LEFT JOIN rank r     ON r.observation_id = o.id
                  LEFT JOIN category c ON c.id = r.category_id
                 WHERE 1 = 1
                """);
        if (filter.since() != null) {
            sql.append("   AND o.observed_at >= ?\n");
        }
        if (filter.until() != null) {
            sql.append("   AND o.observed_at < ?\n");
        }
        appendIn(sql, "t.target_key", filter.targetKeys().size());
        appendIn(sql, "t.group_name", filter.groups().size());
        appendIn(sql, "o.outcome", filter.outcomes().size());
        sql.append(" ORDER BY o.id");
        return sql.toString();
    }

    private static void appendIn(StringBuilder sql, String column, int count) {
        if (count > 0) {
            sql.append("   AND ").append(column).append(" IN (")
                    .append(String.join(", ", Collections.nCopies(count, "?"))).append(")\n");
        }
    }

    static void bind(PreparedStatement statement, HistoryFilter filter) throws SQLException {
        int index = 1;
        if (filter.since() != null) {
            statement.setObject(index++, OffsetDateTime.ofInstant(filter.since(), ZoneOffset.UTC));
        }
        if (filter.until() != null) {
            statement.setObject(index++, OffsetDateTime.ofInstant(filter.until(), ZoneOffset.UTC));
        }
        for (String key : filter.targetKeys()) {
            statement.setString(index++, key);
        }
        for (String group : filter.groups()) {
            statement.setString(index++, group);
        }
        for (Outcome outcome : filter.outcomes().stream().sorted().toList()) {
            statement.setString(index++, outcome.name());
        }
    }

    /**
     * Hands every row to {@code sink} as it is read; returns the number of rows. A filter on
     * targets or groups reads through the joined query (a small share of the history); otherwise
     * the history is read as two streams in primary key order, merged here: see {@link MergedHistory}.
     */
    static long export(DataSource dataSource, Vendor vendor, HistoryFilter filter, Consumer<HistoryRow> sink) {
        if (filter.targetKeys().isEmpty() && filter.groups().isEmpty()) {
            return MergedHistory.export(dataSource, vendor, filter, sink);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                if (vendor == Vendor.H2) {
                    setLazy(connection, true);
                }
                try (PreparedStatement statement = connection.prepareStatement(sql(vendor, filter), ResultSet.TYPE_FORWARD_ONLY,
                        ResultSet.CONCUR_READ_ONLY)) {
                    statement.setFetchSize(FETCH_SIZE);
                    bind(statement, filter);
                    try (ResultSet rows = statement.executeQuery()) {
                        long count = 0;
                        while (rows.next()) {
                            sink.accept(row(rows));
                            count++;
                        }
                        return count;
                    }
                }
            } finally {
                connection.rollback();
                if (vendor == Vendor.H2) {
                    setLazy(connection, false);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the history for export: " + e.getMessage(), e);
        }
    }

    /** EXPLAIN of the export query on H2, for tests and for anyone checking that nothing is sorted. */
    static List<String> plan(DataSource dataSource, HistoryFilter filter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql(Vendor.H2, filter))) {
            bind(statement, filter);
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new StoreException("Cannot explain the export query: " + e.getMessage(), e);
        }
    }

    static void setLazy(Connection connection, boolean lazy) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LAZY_QUERY_EXECUTION " + (lazy ? "TRUE" : "FALSE"));
        }
    }

    private static HistoryRow row(ResultSet rows) throws SQLException {
        long rank = rows.getLong("rank");
        Long rankValue = rows.wasNull() ? null : rank;
        boolean main = rows.getBoolean("is_main");
        Boolean mainValue = rows.wasNull() ? null : main;
        int status = rows.getInt("http_status");
        Integer statusValue = rows.wasNull() ? null : status;
        return new HistoryRow(rows.getString("target_key"), rows.getString("label"), rows.getString("group_name"),
                rows.getString("url"), rows.getObject("observed_at", OffsetDateTime.class).toInstant(),
                rows.getLong("run_id"), Outcome.valueOf(rows.getString("outcome")), rows.getString("category_name"),
                rows.getString("node_id"), rows.getString("marketplace"), rankValue, mainValue, statusValue,
                rows.getLong("id"));
    }

    /** The distinct target keys and group names stored, for checking a filter's names. */
    static List<String> distinct(DataSource dataSource, String column) {
        if (!column.equals("target_key") && !column.equals("group_name")) {
            throw new IllegalArgumentException(column);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT " + column + " FROM target ORDER BY " + column)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the targets: " + e.getMessage(), e);
        }
    }
}
