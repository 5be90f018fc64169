package io.rankkeeper.run;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the daemon's H2 database from the test JVM with plain JDBC, beside the running daemon
 * (through H2's automatic server, as the CLI does), or a PostgreSQL database. Each read opens and
 * closes its connection, so the test never holds the database when a daemon starts.
 */
final class HistoryDatabase {

    static {
        // If the test JVM happens to open the file first, its automatic server stays on loopback.
        System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    /** One {@code scrape_run} row. */
    record RunRow(long id, String group, int shard, Instant scheduledAt, Instant startedAt, Instant endedAt,
            String reason, String status, int targetCount, String node) {
    }

    private final Path file;
    private final String postgresUrl;

    HistoryDatabase(Path file) {
        this.file = file;
        this.postgresUrl = null;
    }

    private HistoryDatabase(String postgresUrl) {
        this.file = null;
        this.postgresUrl = postgresUrl;
    }

    /** The PostgreSQL database (and schema) at {@code url}. */
    static HistoryDatabase postgres(String url) {
        return new HistoryDatabase(url);
    }

    /** The config's URL for this database. */
    String configUrl() {
        return postgresUrl != null ? postgresUrl : "jdbc:h2:file:" + file;
    }

    List<RunRow> runs() throws SQLException {
        List<RunRow> runs = new ArrayList<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement("""
                select id, group_name, shard, scheduled_at, started_at, ended_at, reason, status, target_count, node
                from scrape_run order by id""");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                runs.add(new RunRow(rows.getLong(1), rows.getString(2), rows.getInt(3), instant(rows, 4),
                        instant(rows, 5), instant(rows, 6), rows.getString(7), rows.getString(8), rows.getInt(9),
                        rows.getString(10)));
            }
        }
        return runs;
    }

    List<RunRow> runs(String group) throws SQLException {
        return runs().stream().filter(run -> run.group().equals(group)).toList();
    }

    /** The ids of every stored observation, in order. */
    List<Long> observationIds() throws SQLException {
        return longs("select id from observation order by id");
    }

    /** The target keys observed in a run, sorted. */
    List<String> targetsObserved(long runId) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement("""
                select t.target_key from observation o join target t on t.id = o.target_id
                where o.run_id = ? order by t.target_key""")) {
            query.setLong(1, runId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
            }
        }
        return keys;
    }

    long count(String sql) throws SQLException {
        return longs(sql).get(0);
    }

    private List<Long> longs(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }

    private Connection connect() throws SQLException {
        if (postgresUrl != null) {
            return DriverManager.getConnection(postgresUrl);
        }
        // As a user's SQL tool would: H2's plain files, beside the daemon through its automatic
        // server (store.H2Urls); never creates the database, which is the process under test's job.
        return DriverManager.getConnection("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE");
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
