package io.rankkeeper.run;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a crash test judges, read in one go from a rankkeeper H2 database: every stored
 * observation with its ranks, every run, and the next fire time Quartz stored per trigger.
 *
 * @param observations by observation id
 * @param runs by run id
 * @param nextFires trigger name ({@code group#shard}) to its stored next fire time
 */
record StoredState(Map<Long, StoredObservation> observations, Map<Long, StoredRun> runs,
        Map<String, Instant> nextFires) {

    /** One observation row with its main and sub-category ranks (null when it has none). */
    record StoredObservation(long id, long runId, String targetKey, Instant scheduledAt, Instant observedAt,
            String outcome, Long mainRank, Long subRank) {
    }

    /** One scrape_run row, with the OK count it claims. */
    record StoredRun(long id, String group, Instant scheduledAt, Instant startedAt, Instant endedAt, String reason,
            String status, int okCount) {
    }

    static StoredState read(String jdbcUrl) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            return new StoredState(observations(db), runs(db), nextFires(db));
        }
    }

    /** Observations of a run, by id. */
    List<StoredObservation> observationsOf(long runId) {
        return observations.values().stream().filter(observation -> observation.runId() == runId).toList();
    }

    long lastRunId() {
        return runs.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** One statement, so that an observation and its ranks are read as of the same commit. */
    private static Map<Long, StoredObservation> observations(Connection db) throws SQLException {
        Map<Long, StoredObservation> result = new TreeMap<>();
        try (PreparedStatement query = db.prepareStatement("""
                select o.id, o.run_id, t.target_key, o.scheduled_at, o.observed_at, o.outcome,
                       (select r.rank from rank r where r.observation_id = o.id and r.is_main),
                       (select r.rank from rank r where r.observation_id = o.id and not r.is_main)
                from observation o join target t on t.id = o.target_id""");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.put(rows.getLong(1), new StoredObservation(rows.getLong(1), rows.getLong(2), rows.getString(3),
                        instant(rows, 4), instant(rows, 5), rows.getString(6), rows.getObject(7, Long.class),
                        rows.getObject(8, Long.class)));
            }
        }
        return result;
    }

    private static Map<Long, StoredRun> runs(Connection db) throws SQLException {
        Map<Long, StoredRun> result = new TreeMap<>();
        try (PreparedStatement query = db.prepareStatement("""
                select id, group_name, scheduled_at, started_at, ended_at, reason, status, ok_count from scrape_run""");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.put(rows.getLong(1), new StoredRun(rows.getLong(1), rows.getString(2), instant(rows, 3),
                        instant(rows, 4), instant(rows, 5), rows.getString(6), rows.getString(7), rows.getInt(8)));
            }
        }
        return result;
    }

    private static Map<String, Instant> nextFires(Connection db) throws SQLException {
        Map<String, Instant> result = new TreeMap<>();
        try (PreparedStatement query = db.prepareStatement("select trigger_name, next_fire_time from QRTZ_TRIGGERS");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.put(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)));
            }
        }
        return result;
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Runs in id order. */
    List<StoredRun> runList() {
        return new ArrayList<>(runs.values());
    }
}
