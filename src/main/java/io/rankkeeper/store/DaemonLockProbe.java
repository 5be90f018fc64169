package io.rankkeeper.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Tells whether a (non-clustered) daemon holds {@link DaemonLock} on a database, for
 * {@code status}. On PostgreSQL it reads {@code pg_locks}; beside an H2 file it tries the lock
 * file and lets go at once (a daemon starting in that microsecond would be refused with a clear
 * message; it never creates the file). Stateless.
 */
final class DaemonLockProbe {

    private DaemonLockProbe() {
    }

    /** True when held, false when not, null when it cannot be told (an in-memory or server H2 database). */
    static Boolean isHeld(Vendor vendor, String url, DataSource dataSource) {
        String h2File = H2Urls.filePath(url);
        if (vendor == Vendor.H2 && h2File != null) {
            // the same file DaemonLock locks
            return fileLockHeld(Path.of(h2File + ".daemon.lock"));
        }
        if (vendor == Vendor.POSTGRESQL) {
            return advisoryLockHeld(dataSource);
        }
        return null;
    }

    private static Boolean fileLockHeld(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException sameProcess) {
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static Boolean advisoryLockHeld(DataSource dataSource) {
        try {
            return advisoryLockHeld(dataSource, "ExclusiveLock");
        } catch (SQLException error) {
            return null;
        }
    }

    /** True when at least one cluster node holds its (shared) daemon lock on this schema. */
    static boolean clusterNodesRunning(DataSource dataSource) throws SQLException {
        return advisoryLockHeld(dataSource, "ShareLock");
    }

    private static boolean advisoryLockHeld(DataSource dataSource, String mode) throws SQLException {
        // a two-int advisory key shows in pg_locks as classid and objid (as unsigned oids), objsubid 2
        String sql = "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2"
                + " AND mode = ? AND classid::bigint = ? AND objid::bigint = (" + DaemonLock.SCHEMA_KEY
                + "::bigint & 4294967295) AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, mode);
            statement.setLong(2, DaemonLock.ADVISORY_CLASS);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }
}
