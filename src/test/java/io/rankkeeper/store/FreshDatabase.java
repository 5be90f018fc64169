package io.rankkeeper.store;

import io.rankkeeper.model.JdbcUrls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An empty database for one test: H2 in a fresh temp directory, or PostgreSQL in a fresh schema
 * of the server {@link TestPostgres} chose (the test is skipped with a message when there is
 * none). Closing deletes it.
 */
public final class FreshDatabase implements AutoCloseable {

    private final DatabaseKind kind;
    private final String url;
    private final Path directory;
    private final String adminUrl;
    private final String schema;

    private FreshDatabase(DatabaseKind kind, String url, Path directory, String adminUrl, String schema) {
        this.kind = kind;
        this.url = url;
        this.directory = directory;
        this.adminUrl = adminUrl;
        this.schema = schema;
    }

    public static FreshDatabase create(DatabaseKind kind) {
        return kind == DatabaseKind.H2 ? h2() : postgresql();
    }

    private static FreshDatabase h2() {
        try {
            Path directory = Files.createTempDirectory("rankkeeper-store-test");
            return new FreshDatabase(DatabaseKind.H2, "jdbc:h2:file:" + directory.resolve("rankkeeper"), directory,
                    null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FreshDatabase postgresql() {
        String adminUrl = TestPostgres.adminUrl();
        String schema = "rk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute(adminUrl, "CREATE SCHEMA " + schema);
        String url = adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new FreshDatabase(DatabaseKind.POSTGRESQL, url, null, adminUrl, schema);
    }

    public DatabaseKind kind() {
        return kind;
    }

    /** The JDBC URL of this database (on PostgreSQL with its schema as {@code currentSchema}). */
    public String url() {
        return url;
    }

    /** The H2 database directory, or null for PostgreSQL. */
    Path directory() {
        return directory;
    }

    public DatabaseSettings settings() {
        return new DatabaseSettings(url, null, null);
    }

    /** The schema on PostgreSQL, null on H2. */
    public String schema() {
        return schema;
    }

    @Override
    public void close() {
        if (schema != null) {
            execute(adminUrl, "DROP SCHEMA " + schema + " CASCADE");
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on " + JdbcUrls.masked(url), e);
        }
    }
}
