package io.rankkeeper.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Makes sure only one (non-clustered) daemon writes to a database, or else only cluster nodes.
 * Held for the daemon's life and released by the operating system or the database server when
 * the process dies, even by {@code kill -9}, so a crash never leaves a stale lock behind: an OS
 * file lock beside an H2 file, a session advisory lock on PostgreSQL. On PostgreSQL a single
 * daemon takes the lock exclusively and each cluster node takes it shared, so any number of
 * nodes run together but never beside a single daemon (whose scheduler is not clustered). The
 * key includes the schema, so rankkeeper databases in different schemas of one PostgreSQL
 * database do not see each other.
 */
final class DaemonLock implements AutoCloseable {

    /**
     * First half of the advisory lock key: "rank" in ASCII, so it will not collide with other
     * applications by chance; the second half is a hash of the schema.
     */
    static final int ADVISORY_CLASS = 0x72616e6b;
    /** The second half of the key, in SQL: the schema rankkeeper's tables are in. */
    static final String SCHEMA_KEY = "hashtext(coalesce(current_schema(), ''))";

    private final AutoCloseable release;

    private DaemonLock(AutoCloseable release) {
        this.release = release;
    }

    /**
     * Takes the lock for a single daemon ({@code clusterNode} false) or for one node of a
     * cluster; a clear {@link StoreException} when the database is taken the other way.
     */
    static DaemonLock acquire(Vendor vendor, String url, DataSource dataSource, String maskedUrl, boolean clusterNode) {
        String h2File = H2Urls.filePath(url);
        if (vendor == Vendor.H2 && h2File != null && !clusterNode) {
            return onFile(Path.of(h2File + ".daemon.lock"), maskedUrl);
        }
        if (vendor == Vendor.POSTGRESQL) {
            return advisory(dataSource, maskedUrl, clusterNode);
        }
        return new DaemonLock(() -> { });
    }

    private static DaemonLock onFile(Path lockFile, String maskedUrl) {
        try {
            if (lockFile.getParent() != null) {
                java.nio.file.Files.createDirectories(lockFile.getParent());
            }
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw refused(maskedUrl, "lock file " + lockFile.toAbsolutePath() + " is held");
            }
            FileLock held = lock;
            return new DaemonLock(() -> {
                held.release();
                channel.close();
            });
        } catch (IOException error) {
            throw new StoreException("Cannot create the daemon lock file " + lockFile.toAbsolutePath() + ": "
                    + error.getMessage() + "; check that the database folder is writable", error);
        }
    }

    private static DaemonLock advisory(DataSource dataSource, String maskedUrl, boolean clusterNode) {
        String mode = clusterNode ? "_shared" : "";
        try {
            Connection connection = dataSource.getConnection();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_try_advisory_lock" + mode + "(?, " + SCHEMA_KEY + ")")) {
                statement.setInt(1, ADVISORY_CLASS);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        connection.close();
                        throw clusterNode ? refusedBesideSingleDaemon(maskedUrl) : refused(maskedUrl,
                                DaemonLockProbe.clusterNodesRunning(dataSource)
                                        ? "cluster nodes hold rankkeeper's advisory lock; to join them set "
                                                + "cluster.enabled: true and a cluster.nodeId of its own"
                                        : "another session holds rankkeeper's advisory lock");
                    }
                }
            }
            // The lock belongs to this session: keep the connection until the daemon stops, and
            // unlock before handing it back, since the pool keeps the session (and the lock) alive.
            return new DaemonLock(() -> {
                try (connection; PreparedStatement unlock = connection.prepareStatement(
                        "SELECT pg_advisory_unlock" + mode + "(?, " + SCHEMA_KEY + ")")) {
                    unlock.setInt(1, ADVISORY_CLASS);
                    unlock.execute();
                }
            });
        } catch (SQLException error) {
            throw new StoreException("Cannot take the daemon lock on " + maskedUrl + ": " + error.getMessage(), error);
        }
    }

    private static StoreException refusedBesideSingleDaemon(String maskedUrl) {
        return new StoreException("A single (non-cluster) rankkeeper daemon is running on " + maskedUrl
                + " (it holds rankkeeper's advisory lock exclusively); its schedule is not shared, so a cluster node"
                + " cannot run beside it. Stop it, then start it again with cluster.enabled: true as one of the nodes.");
    }

    private static StoreException refused(String maskedUrl, String evidence) {
        return new StoreException("Another rankkeeper daemon is already running on " + maskedUrl + " (" + evidence
                + "). Stop it first, or run several daemons as a cluster on PostgreSQL (cluster.enabled: true). "
                + "The other commands (run, history, sql, export, status) work beside a running daemon.");
    }

    @Override
    public void close() throws Exception {
        release.close();
    }
}
