package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The export of a large share of the history without a join in the database: observations in
 * id order and ranks in (observation id, category id) order are two forward-only streams, merged
 * here, and targets and categories (a few thousand rows) are looked up in maps read first. A join
 * costs the database one index descent per row for each joined table; the merge costs a
 * comparison. Same rows and order as the joined query.
 *
 * <p>Consistency with concurrent writers: the observation stream starts first, and an observation
 * and its ranks commit together, so the rank stream (started later) holds every rank of every
 * observation read; ranks of observations committed in between are skipped. Stateless.
 */
final class MergedHistory {

    private MergedHistory() {
    }

    private record TargetColumns(String key, String label, String group, String url) {
    }

    private record CategoryColumns(String name, String nodeId, String marketplace) {
    }

    static long export(DataSource dataSource, Vendor vendor, HistoryFilter filter, Consumer<HistoryRow> sink) {
        try (Connection observations = dataSource.getConnection();
                Connection ranks = dataSource.getConnection()) {
            Map<Long, TargetColumns> targets = targets(observations);
            Map<Long, CategoryColumns> categories = categories(observations);
            prepare(observations, vendor);
            prepare(ranks, vendor);
            try (PreparedStatement observationQuery = observations.prepareStatement(observationSql(filter),
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                observationQuery.setFetchSize(HistoryExport.FETCH_SIZE);
                HistoryExport.bind(observationQuery, filter);
                try (ResultSet observationRows = observationQuery.executeQuery()) {
                    if (!observationRows.next()) {
                        return 0;
                    }
                    try (PreparedStatement rankQuery = ranks.prepareStatement("""
                            SELECT observation_id, category_id, rank, is_main FROM rank
                             WHERE observation_id >= ? ORDER BY observation_id, category_id
                            """, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                        rankQuery.setFetchSize(HistoryExport.FETCH_SIZE);
                        rankQuery.setLong(1, observationRows.getLong(1));
                        try (ResultSet rankRows = rankQuery.executeQuery()) {
                            return merge(observationRows, rankRows, targets, categories, sink);
                        }
                    }
                }
            } finally {
                finish(observations, vendor);
                finish(ranks, vendor);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the history for export: " + e.getMessage(), e);
        }
    }

    /** Both streams are positioned on their first row (or the rank stream is empty). */
    private static long merge(ResultSet observationRows, ResultSet rankRows, Map<Long, TargetColumns> targets,
            Map<Long, CategoryColumns> categories, Consumer<HistoryRow> sink) throws SQLException {
        long count = 0;
        boolean rankLeft = rankRows.next();
        long rankObservation = rankLeft ? rankRows.getLong(1) : Long.MAX_VALUE;
        do {
            long id = observationRows.getLong(1);
            TargetColumns target = targets.get(observationRows.getLong(2));
            if (target == null) {
                throw new StoreException("Observation " + id + " refers to target " + observationRows.getLong(2)
                        + ", which is not in the target table");
            }
            Instant observedAt = observationRows.getObject(3, OffsetDateTime.class).toInstant();
            long runId = observationRows.getLong(4);
            Outcome outcome = Outcome.valueOf(observationRows.getString(5));
            int status = observationRows.getInt(6);
            Integer httpStatus = observationRows.wasNull() ? null : status;
            while (rankObservation < id) {
                rankLeft = rankRows.next();
                rankObservation = rankLeft ? rankRows.getLong(1) : Long.MAX_VALUE;
            }
            if (rankObservation != id) {
                sink.accept(new HistoryRow(target.key(), target.label(), target.group(), target.url(), observedAt,
                        runId, outcome, null, null, null, null, null, httpStatus, id));
                count++;
                continue;
            }
            while (rankObservation == id) {
                CategoryColumns category = categories.get(rankRows.getLong(2));
                if (category == null) {
                    throw new StoreException("A rank of observation " + id + " refers to category "
                            + rankRows.getLong(2) + ", which is not in the category table");
                }
                sink.accept(new HistoryRow(target.key(), target.label(), target.group(), target.url(), observedAt,
                        runId, outcome, category.name(), category.nodeId(), category.marketplace(),
                        rankRows.getLong(3), rankRows.getBoolean(4), httpStatus, id));
                count++;
                rankLeft = rankRows.next();
                rankObservation = rankLeft ? rankRows.getLong(1) : Long.MAX_VALUE;
            }
        } while (observationRows.next());
        return count;
    }

    static String observationSql(HistoryFilter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT o.id, o.target_id, o.observed_at, o.run_id, o.outcome, o.http_status
                  FROM observation o
                 WHERE 1 = 1
                """);
        if (filter.since() != null) {
            sql.append("   AND o.observed_at >= ?\n");
        }
        if (filter.until() != null) {
            sql.append("   AND o.observed_at < ?\n");
        }
        if (!filter.outcomes().isEmpty()) {
            sql.append("   AND o.outcome IN (").append(String.join(", ",
                    java.util.Collections.nCopies(filter.outcomes().size(), "?"))).append(")\n");
        }
        return sql.append(" ORDER BY o.id").toString();
    }

    private static Map<Long, TargetColumns> targets(Connection connection) throws SQLException {
        Map<Long, TargetColumns> targets = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, target_key, label, group_name, url FROM target")) {
            while (rows.next()) {
                targets.put(rows.getLong(1), new TargetColumns(rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5)));
            }
        }
        return targets;
    }

    private static Map<Long, CategoryColumns> categories(Connection connection) throws SQLException {
        Map<Long, CategoryColumns> categories = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, name, node_id, marketplace FROM category")) {
            while (rows.next()) {
                categories.put(rows.getLong(1), new CategoryColumns(rows.getString(2), rows.getString(3),
                        rows.getString(4)));
            }
        }
        return categories;
    }

    /** A read-only transaction (PostgreSQL streams only with autocommit off), lazy on H2. */
    private static void prepare(Connection connection, Vendor vendor) throws SQLException {
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        if (vendor == Vendor.H2) {
            HistoryExport.setLazy(connection, true);
        }
    }

    private static void finish(Connection connection, Vendor vendor) throws SQLException {
        connection.rollback();
        if (vendor == Vendor.H2) {
            HistoryExport.setLazy(connection, false);
        }
    }
}
