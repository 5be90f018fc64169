package io.rankkeeper.store;

import static io.rankkeeper.store.TestData.T0;
import static io.rankkeeper.store.TestData.failed;
import static io.rankkeeper.store.TestData.main;
import static io.rankkeeper.store.TestData.ok;
import static io.rankkeeper.store.TestData.runStart;
import static io.rankkeeper.store.TestData.sub;
import static io.rankkeeper.store.TestData.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rankkeeper.model.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code sql} is read-only for real: every writing form is refused and the database (row counts,
 * a checksum of every table, the sequence, the list of tables) and the file system are unchanged,
 * on H2 (in-process and through the automatic server of another process) and on PostgreSQL.
 */
class ReadOnlySqlTest {

    private static final List<String> TABLES = List.of("target", "scrape_run", "observation", "category", "rank",
            "latest_rank_entry", "host_backoff");

    private static final String UNDONE_BY_ROLLBACK = "SELECT lo_create(0)";

    @TempDir
    Path files;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAndDrop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private Store filledStore(FreshDatabase database) {
        Store store = Store.open(database.settings());
        opened.add(store);
        fill(store);
        return store;
    }

    private FreshDatabase database(DatabaseKind kind) {
        FreshDatabase database = FreshDatabase.create(kind);
        opened.add(database);
        return database;
    }

    static void fill(Store store) {
        store.syncTargets(List.of(target("A1"), target("B2")));
        long run = store.startRun(runStart("books", T0, "node-1"));
        try (Store.ObservationWriter writer = store.openWriter()) {
            writer.add(ok("A1", run, T0, T0.plusSeconds(3), main("Books", "283155", 1_234), sub("Python", "285856", 7)));
            writer.add(failed("B2", run, T0, Outcome.BLOCKED));
        }
        store.saveHostBackoffs(java.util.Map.of("www.amazon.com", Instant.now().plusSeconds(600)));
    }

    private List<String> h2WritingStatements() {
        return List.of(
                "INSERT INTO host_backoff VALUES ('evil', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                "UPDATE target SET label = 'evil'",
                "DELETE FROM rank",
                "DROP TABLE rank",
                "MERGE INTO host_backoff KEY (host) VALUES ('evil', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                "CREATE TABLE evil (id INT)",
                "ALTER TABLE target ADD COLUMN evil INT",
                "TRUNCATE TABLE rank",
                "GRANT SELECT ON target TO PUBLIC",
                "CALL CSVWRITE('" + file("call.csv") + "', 'SELECT * FROM target')",
                "SET WRITE_DELAY 500",
                "SET AUTOCOMMIT TRUE",
                "SCRIPT TO '" + file("script.sql") + "'",
                "SCRIPT",
                "RUNSCRIPT FROM '" + file("evil.sql") + "'",
                "BACKUP TO '" + file("backup.zip") + "'",
                "SHUTDOWN",
                "SHUTDOWN IMMEDIATELY",
                "COMMIT",
                "EXECUTE IMMEDIATE 'DELETE FROM rank'",
                "SELECT 1; DELETE FROM rank",
                "SELECT 1 FROM target; DROP TABLE rank",
                "SELECT NEXT VALUE FOR observation_id_seq",
                "SELECT NEXTVAL('observation_id_seq')",
                "SELECT * FROM target WHERE id < (SELECT NEXT VALUE FOR observation_id_seq)",
                "SELECT CSVWRITE('" + file("select.csv") + "', 'SELECT * FROM target')",
                "SELECT FILE_WRITE('evil', '" + file("file_write.txt") + "')",
                "SELECT * FROM FINAL TABLE (INSERT INTO host_backoff VALUES ('evil', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP))",
                "SELECT ABORT_SESSION(SESSION_ID())");
    }

    private List<String> postgresqlWritingStatements() {
        return List.of(
                "INSERT INTO host_backoff VALUES ('evil', now(), now())",
                "UPDATE target SET label = 'evil'",
                "DELETE FROM rank",
                "DROP TABLE rank CASCADE",
                "MERGE INTO target t USING target s ON t.id = s.id WHEN MATCHED THEN UPDATE SET label = 'evil'",
                "CREATE TABLE evil (id INT)",
                "ALTER TABLE target ADD COLUMN evil INT",
                "TRUNCATE rank",
                "GRANT SELECT ON target TO PUBLIC",
                "CALL evil()",
                "SET search_path TO public",
                "COMMIT",
                "COPY (SELECT * FROM target) TO '" + file("copy.csv") + "'",
                "SELECT 1; DELETE FROM rank",
                "SELECT 1; COMMIT; DELETE FROM rank",
                "SELECT nextval('observation_id_seq')",
                "SELECT setval('observation_id_seq', 1)",
                "WITH gone AS (DELETE FROM rank RETURNING *) SELECT COUNT(*) FROM gone",
                "EXPLAIN ANALYZE DELETE FROM rank",
                "SELECT * FROM target FOR UPDATE",
                "SELECT lo_create(0)",
                "SELECT lo_export(1, '" + file("lo.bin") + "')");
    }

    private List<String> writingStatements(DatabaseKind kind) {
        return kind == DatabaseKind.H2 ? h2WritingStatements() : postgresqlWritingStatements();
    }

    private String file(String name) {
        return files.resolve(name).toString().replace("'", "''");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void refusesEveryWritingStatementAndChangesNothing(DatabaseKind kind) throws Exception {
        Store store = filledStore(database(kind));
        Files.writeString(files.resolve("evil.sql"), "DELETE FROM rank;\n");
        String before = fingerprint(store);
        for (String sql : writingStatements(kind)) {
            if (sql.equals(UNDONE_BY_ROLLBACK)) {
                // PostgreSQL allows creating a large object in a read-only transaction; the rollback drops it
                store.query(sql, new Collect());
            } else {
                assertThatThrownBy(() -> store.query(sql, new Collect())).as(sql)
                        .isInstanceOf(SqlRejectedException.class)
                        .hasMessageContaining("Refused");
            }
            assertThat(fingerprint(store)).as("database after: " + sql).isEqualTo(before);
        }
        if (kind == DatabaseKind.POSTGRESQL) {
            Collect largeObjects = new Collect();
            store.query("SELECT COUNT(*) FROM pg_largeobject_metadata", largeObjects);
            assertThat(largeObjects.rows).containsExactly(List.of(0L));
        }
        assertThat(files).isDirectoryNotContaining(path -> !path.getFileName().toString().equals("evil.sql"));
    }

    /**
     * Without the lexical first layer, the database's own checks (H2's command classification,
     * PostgreSQL's read-only transaction and result description) and the rollback still hold.
     * What gets through them (H2 counts FINAL TABLE (INSERT) as read-only) is rolled back.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void databaseChecksAloneRefuseOrUndoEveryWritingStatement(DatabaseKind kind) throws Exception {
        Store store = filledStore(database(kind));
        Files.writeString(files.resolve("evil.sql"), "DELETE FROM rank;\n");
        String before = fingerprint(store);
        Vendor vendor = kind == DatabaseKind.H2 ? Vendor.H2 : Vendor.POSTGRESQL;
        List<String> ranAndRolledBack = new ArrayList<>();
        for (String sql : writingStatements(kind)) {
            if (sql.contains("lo_export")) {
                continue; // acts outside the data: denied by name only (see POSTGRESQL_SIDE_EFFECT_FUNCTIONS)
            }
            try {
                ReadOnlySql.runCheckedByDatabase(store.dataSource(), vendor, sql, 100, new Collect());
                ranAndRolledBack.add(sql);
            } catch (SqlRejectedException refused) {
                // refused by the database's own checks
            }
            assertThat(fingerprint(store)).as("database after: " + sql).isEqualTo(before);
        }
        assertThat(files).isDirectoryNotContaining(path -> !path.getFileName().toString().equals("evil.sql"));
        if (kind == DatabaseKind.H2) {
            assertThat(ranAndRolledBack).containsExactly(h2WritingStatements().get(27));
        } else {
            assertThat(ranAndRolledBack).containsExactly(UNDONE_BY_ROLLBACK);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void runsQueriesAndStreamsTypedValuesWithLowerCaseLabels(DatabaseKind kind) {
        Store store = filledStore(database(kind));
        Collect rows = new Collect();
        long count = store.query("""
                -- a comment; with a semicolon
                SELECT target_key, rank, is_main, observed_at, 'a;b' AS "Text"
                  FROM rank_history ORDER BY rank;""", rows);
        assertThat(count).isEqualTo(2);
        assertThat(rows.labels).containsExactly("target_key", "rank", "is_main", "observed_at", "Text");
        assertThat(rows.rows).containsExactly(
                List.of("A1", 7L, false, T0.plusSeconds(3), "a;b"),
                List.of("A1", 1_234L, true, T0.plusSeconds(3), "a;b"));
        for (String query : List.of("WITH x AS (SELECT 1 AS one) SELECT one FROM x", "VALUES (1)",
                "EXPLAIN SELECT * FROM target", "SELECT * FROM latest_rank", "SELECT * FROM daily_rank")) {
            store.query(query, new Collect());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void badSqlFailsWithTheDatabasesMessage(DatabaseKind kind) {
        Store store = filledStore(database(kind));
        assertThatThrownBy(() -> store.query("SELECT no_such_column FROM target", new Collect()))
                .isInstanceOf(SqlRejectedException.class)
                .hasMessageContaining("The database refused the statement")
                .hasMessageContaining(kind == DatabaseKind.H2 ? "NO_SUCH_COLUMN" : "no_such_column");
    }

    @Test
    void stopsReadingWhenTheSinkHasEnough() {
        Store store = filledStore(database(DatabaseKind.H2));
        Collect rows = new Collect(1);
        assertThat(store.query("SELECT * FROM SYSTEM_RANGE(1, 1000000)", rows)).isEqualTo(1);
        assertThat(rows.rows).hasSize(1);
    }

    @Test
    void refusesWritesThroughTheAutoServerOfAnotherProcess() throws Exception {
        FreshDatabase database = database(DatabaseKind.H2);
        try (Store first = Store.open(database.settings())) {
            fill(first);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldH2Open.class.getName(), H2Urls.effective(database.url())).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo("open");
            // the holder serves this very file (its lock file names its automatic server)
            assertThat(Path.of(H2Urls.filePath(database.url()) + ".lock.db")).exists();
            try (Store remote = Store.open(database.settings())) {
                String before = fingerprint(remote);
                Collect rows = new Collect();
                remote.query("SELECT COUNT(*) AS n FROM rank", rows);
                assertThat(rows.rows).containsExactly(List.of(2L));
                for (String sql : h2WritingStatements()) {
                    if (sql.startsWith("SELECT * FROM FINAL")) {
                        continue; // refused by the lexical layer only; the rollback test covers it
                    }
                    assertThatThrownBy(() -> ReadOnlySql.runCheckedByDatabase(remote.dataSource(), Vendor.H2, sql, 100,
                            new Collect())).as(sql).isInstanceOf(SqlRejectedException.class);
                }
                assertThat(fingerprint(remote)).isEqualTo(before);
            }
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }

    /** Row counts, a SHA-256 of every row of every table, the sequence's next value and the list of tables. */
    static String fingerprint(Store store) throws Exception {
        TreeMap<String, String> parts = new TreeMap<>();
        try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                List<String> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int column = 1; column <= columns; column++) {
                            row.append(result.getString(column)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                rows.forEach(row -> digest.update(row.getBytes(StandardCharsets.UTF_8)));
                parts.put(table, rows.size() + " rows " + HexFormat.of().formatHex(digest.digest()));
            }
            parts.put("sequence", sequenceValue(store, statement));
            parts.put("tables", tableNames(connection));
        }
        return parts.toString();
    }

    private static String sequenceValue(Store store, Statement statement) throws SQLException {
        String sql = store.isPostgres() ? "SELECT last_value || '/' || is_called FROM observation_id_seq"
                : "SELECT BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_NAME = 'OBSERVATION_ID_SEQ'";
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static String tableNames(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet tables = meta.getTables(null, connection.getSchema(), "%", null)) {
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME"));
            }
        }
        names.sort(null);
        return names.toString();
    }

    /** Collects a query result (up to a limit). */
    static final class Collect implements QueryRows {
        private final int limit;
        List<String> labels;
        final List<List<Object>> rows = new ArrayList<>();

        Collect() {
            this(Integer.MAX_VALUE);
        }

        Collect(int limit) {
            this.limit = limit;
        }

        @Override
        public void columns(List<String> columnLabels) {
            labels = columnLabels;
        }

        @Override
        public boolean row(List<Object> values) {
            rows.add(values);
            return rows.size() < limit;
        }
    }
}
