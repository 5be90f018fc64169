package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Databases as a user's machine has them: an older schema (written by an earlier rankkeeper) is
 * migrated with its data kept, and a second daemon is refused before it migrates anything.
 */
class DatabaseStatesTest {

    /** The schema version an earlier rankkeeper left: tables and views, before daily_rank and Quartz. */
    private static final String OLD_VERSION = "2";

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAndDrop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void olderSchemaIsMigratedToTheCurrentOneAndKeepsItsHistory(DatabaseKind kind) throws Exception {
        FreshDatabase database = database(kind);
        migrateTo(database, OLD_VERSION);
        try (Connection connection = DriverManager.getConnection(database.url());
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO target (target_key, group_name, url, label, active, first_seen_at, updated_at)
                    VALUES ('amazon.com/0132269937', 'books', 'https://www.amazon.com/dp/0132269937', 'Core Python', TRUE,
                            TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00+00')
                    """);
            statement.execute("""
                    INSERT INTO scrape_run (group_name, shard, scheduled_at, started_at, ended_at, node, reason, status,
                                            target_count, ok_count)
                    VALUES ('books', 0, TIMESTAMP WITH TIME ZONE '2025-01-01 10:00:00+00',
                            TIMESTAMP WITH TIME ZONE '2025-01-01 10:00:00+00', TIMESTAMP WITH TIME ZONE '2025-01-01 10:00:05+00',
                            'old-node', 'SCHEDULED', 'COMPLETED', 1, 1)
                    """);
        }

        try (Store store = Store.open(database.settings())) {
            assertThat(store.targets()).extracting(StoredTarget::key).containsExactly("amazon.com/0132269937");
            assertThat(store.lastRuns()).singleElement().satisfies(run -> assertThat(run.node()).isEqualTo("old-node"));
        }
        assertThat(schemaVersion(database)).isEqualTo(Long.toString(Migrations.latest(kind)));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void secondDaemonIsRefusedBeforeItMigratesAnything(DatabaseKind kind) throws Exception {
        FreshDatabase database = database(kind);
        migrateTo(database, OLD_VERSION);

        try (AutoCloseable runningDaemon = holdDaemonLock(database)) {
            assertThatThrownBy(() -> Store.openExclusive(database.settings()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("Another rankkeeper daemon is already running")
                    .hasMessageNotContaining("rkfile:");
        }

        assertThat(schemaVersion(database)).as("not migrated by the refused daemon").isEqualTo(OLD_VERSION);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void exclusiveStoreHoldsTheDaemonLockUntilItCloses(DatabaseKind kind) {
        FreshDatabase database = database(kind);

        try (Store daemon = Store.openExclusive(database.settings()); Store status = Store.open(database.settings())) {
            assertThat(status.daemonLockHeld()).isTrue();
            assertThatThrownBy(() -> Store.openExclusive(database.settings())).isInstanceOf(StoreException.class);
        }
        try (Store again = Store.openExclusive(database.settings())) {
            assertThat(again.daemonLockHeld()).isTrue();
        }
        try (Store status = Store.open(database.settings())) {
            assertThat(status.daemonLockHeld()).isFalse();
        }
    }

    private FreshDatabase database(DatabaseKind kind) {
        FreshDatabase database = FreshDatabase.create(kind);
        opened.add(database);
        return database;
    }

    private static void migrateTo(FreshDatabase database, String version) {
        String vendor = database.kind() == DatabaseKind.H2 ? "h2" : "postgresql";
        Flyway.configure().dataSource(database.url(), null, null)
                .locations("classpath:db/common", "classpath:db/" + vendor)
                .target(version)
                .load()
                .migrate();
    }

    private static String schemaVersion(FreshDatabase database) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\""
                        + " WHERE \"success\" ORDER BY \"installed_rank\" DESC")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Stands in for a running daemon: the lock it holds, taken the way it takes it. */
    private static AutoCloseable holdDaemonLock(FreshDatabase database) throws Exception {
        if (database.kind() == DatabaseKind.H2) {
            Path lockFile = database.directory().resolve("rankkeeper.daemon.lock");
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            return () -> {
                lock.release();
                channel.close();
            };
        }
        Connection connection = DriverManager.getConnection(database.url());
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_advisory_lock(?, " + DaemonLock.SCHEMA_KEY + ")")) {
            statement.setInt(1, DaemonLock.ADVISORY_CLASS);
            statement.execute();
        }
        return connection::close;
    }
}
