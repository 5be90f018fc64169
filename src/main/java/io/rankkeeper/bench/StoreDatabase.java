package io.rankkeeper.bench;

import io.rankkeeper.model.JdbcUrls;
import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Where the storage part writes: a fresh embedded H2 file in the work directory (the default), or
 * a fresh schema in a PostgreSQL database the user names, dropped again at the end so that the
 * millions of benchmark rows do not stay behind. One per storage part; not thread-safe.
 */
abstract sealed class StoreDatabase implements AutoCloseable {

    /** The database the storage part uses: PostgreSQL when {@code postgresqlUrl} is given, else H2 in {@code dir}. */
    static StoreDatabase create(String postgresqlUrl, Path dir) {
        return postgresqlUrl == null ? new H2(dir) : Postgresql.create(postgresqlUrl);
    }

    abstract DatabaseSettings settings();

    /** What the report calls this database. */
    abstract String description();

    /** Bytes the database takes now: the H2 file, or the schema's tables with their indexes. */
    abstract long bytes() throws IOException;

    /** Only an embedded H2 file is compacted at the daemon's start. */
    abstract boolean compactable();

    @Override
    public abstract void close();

    /** A fresh H2 file in the benchmark's work directory, which the benchmark deletes. */
    static final class H2 extends StoreDatabase {

        private final Path dir;
        private final DatabaseSettings settings;

        H2(Path dir) {
            this.dir = dir;
            this.settings = new DatabaseSettings("jdbc:h2:file:" + dir.resolve("rankkeeper").toAbsolutePath(), null,
                    null);
        }

        @Override
        DatabaseSettings settings() {
            return settings;
        }

        @Override
        String description() {
            return "H2 (a fresh file) through the store code";
        }

        @Override
        long bytes() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
            }
        }

        @Override
        boolean compactable() {
            return true;
        }

        @Override
        public void close() {
            // the work directory goes with the benchmark's
        }
    }

    /** A schema of its own in the user's PostgreSQL database, dropped at the end. */
    static final class Postgresql extends StoreDatabase {

        private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);

        private final String adminUrl;
        private final String schema;
        private final String server;
        private final DatabaseSettings settings;

        private Postgresql(String adminUrl, String schema, String server) {
            this.adminUrl = adminUrl;
            this.schema = schema;
            this.server = server;
            this.settings = new DatabaseSettings(adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema="
                    + schema, null, null);
        }

        /**
         * Creates the schema; a {@link StoreException} naming the URL and the server's answer
         * when the database cannot be reached or refuses (the command says "error: database:").
         */
        static Postgresql create(String url) {
            // the second and a random suffix: two benchmarks started in the same second get their own
            String schema = "rankkeeper_bench_" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "_"
                    + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
            String server = server(url);
            // last: nothing can fail between creating the schema and the caller owning its drop
            execute(url, "CREATE SCHEMA " + schema);
            return new Postgresql(url, schema, server);
        }

        /**
         * The server's version and whether it vacuums on its own: without autovacuum the rows that
         * packing and merging replace stay behind as dead rows, and reads get slower.
         */
        private static String server(String url) {
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(
                            "SELECT current_setting('server_version'), current_setting('autovacuum')")) {
                row.next();
                return row.getString(1) + ", autovacuum " + row.getString(2);
            } catch (SQLException e) {
                throw failure("Cannot read the server version of " + JdbcUrls.masked(url), e);
            }
        }

        @Override
        DatabaseSettings settings() {
            return settings;
        }

        @Override
        String description() {
            return "PostgreSQL " + server + " (schema " + schema + " of " + JdbcUrls.masked(adminUrl)
                    + ", dropped after) through the store code";
        }

        @Override
        long bytes() {
            String sql = """
                    SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)
                      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = ? AND c.relkind IN ('r', 'm')
                    """;
            try (Connection connection = DriverManager.getConnection(adminUrl);
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, schema);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            } catch (SQLException e) {
                throw new StoreException("Cannot read the size of schema " + schema + ": " + e.getMessage(), e);
            }
        }

        @Override
        boolean compactable() {
            return false;
        }

        @Override
        public void close() {
            execute(adminUrl, "DROP SCHEMA " + schema + " CASCADE");
        }

        private static void execute(String url, String sql) {
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw failure("Cannot run '" + sql + "' on " + JdbcUrls.masked(url), e);
            }
        }

        private static StoreException failure(String what, SQLException cause) {
            return new StoreException(what + ": " + cause.getMessage() + ". Check the URL given to --store-url: the"
                    + " database must exist, and its user must be allowed to create a schema in it.", cause);
        }
    }
}
