package io.rankkeeper.store;

import static io.rankkeeper.store.Compaction.megabytes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an embedded H2 file back the space its rows no longer use, before the daemon opens it.
 * With {@link H2Urls#APPEND_ONLY} every commit writes the pages it changed at the end of the
 * file and never into space freed before, so the file grows while the daemon runs: a benchmark
 * database of 1 M observations was 2.17 GB, of which H2 counted 20 % as live, and
 * {@code SHUTDOWN COMPACT} made it 244 MB in 8.5 s. A clean close shrinks the file only for H2's
 * 200 ms. {@code SHUTDOWN COMPACT} writes the live pages into a new file and then swaps it in
 * (H2 finishes or undoes an interrupted swap when it next opens the file), so a crash in the
 * middle leaves the old file as it was.
 *
 * <p>Compacts only when it pays and nobody else is reading: the file is at least
 * {@link Thresholds#DEFAULT}'s 64 MB and at most half of it in use, and no other process
 * is connected through H2's automatic server (a CLI command would lose its connection). A
 * failure leaves the file as it was: the daemon then opens it uncompacted. Stateless.
 */
final class H2Compaction {

    private static final Logger LOG = LoggerFactory.getLogger(H2Compaction.class);

    /**
     * When to compact: the file has at least {@code minBytes} and at most {@code maxLivePercent} %
     * of it holds pages in use, as H2 counts them (its {@code info.CHUNKS_FILL_RATE}).
     */
    record Thresholds(long minBytes, int maxLivePercent) {

        /** Below 64 MB the wasted space is not worth a pause at start (a clean close keeps small files small). */
        static final Thresholds DEFAULT = new Thresholds(64L * 1024 * 1024, 50);
        /** Whatever the size and the share in use: the {@code compact} command. */
        static final Thresholds ALWAYS = new Thresholds(0, 100);
    }

    /** Room left on the disk after the new file, at the least. */
    static final long MIN_BYTES_LEFT_FREE = 64L * 1024 * 1024;

    /** The marker beside {@code name.mv.db} is {@code name.compacting}. */
    static final String MARKER_SUFFIX = ".compacting";

    private H2Compaction() {
    }

    /**
     * The daemon's start, under its lock and before it opens the file: compacts when
     * {@code thresholds} say so, and says in its log what it did or why it could not.
     */
    static void atDaemonStart(String url, Path dataFile, DatabaseSettings settings, Thresholds thresholds) {
        Compaction compaction = compactIfWasteful(url, dataFile, settings, thresholds,
                starting -> LOG.info("{}; database.compactAtStart: false turns it off", starting));
        if (compaction.needed() && !compaction.compacted()) {
            LOG.warn("Did not compact the database file {} ({}): {}. It is unchanged and opens as it is; the next"
                    + " start tries again", dataFile, megabytes(compaction.bytesBefore()), compaction.why());
        }
    }

    /**
     * Takes the daemon lock (a {@link StoreException} beside a running daemon), compacts as
     * {@code thresholds} say, lets go of the lock. Refuses a database that is not an embedded H2
     * file (an {@link IllegalArgumentException}) and a file that does not exist (a StoreException).
     */
    static Compaction underDaemonLock(DatabaseSettings settings, Thresholds thresholds, Consumer<String> starting) {
        Path dataFile = H2Files.dataFile(settings.url());
        if (Vendor.fromUrl(settings.url()) != Vendor.H2 || dataFile == null) {
            throw new IllegalArgumentException("only an embedded H2 file is compacted, not " + settings.maskedUrl());
        }
        H2Files.requireExisting(dataFile, settings.maskedUrl());
        H2Files.requireReadableAndWritable(dataFile);
        String url = H2Urls.effective(settings.url());
        DaemonLock lock = DaemonLock.acquire(Vendor.H2, url, null, dataFile.toString(), false);
        try {
            return compactIfWasteful(url, dataFile, settings, thresholds, starting);
        } finally {
            try {
                lock.close();
            } catch (Exception error) {
                LOG.warn("Could not release the daemon lock", error);
            }
        }
    }

    /**
     * Compacts the data file of {@code url} (an effective embedded H2 URL, see {@link H2Urls}) when
     * it is large and mostly unused, as {@code thresholds} say; {@code starting} hears what is
     * about to happen, just before the rewrite starts.
     */
    static Compaction compactIfWasteful(String url, Path dataFile, DatabaseSettings settings, Thresholds thresholds,
            Consumer<String> starting) {
        long before = size(dataFile);
        if (before < thresholds.minBytes()) {
            return new Compaction(before, -1, before, Duration.ZERO, false, false, "the file is smaller than "
                    + megabytes(thresholds.minBytes()));
        }
        long start = System.nanoTime();
        int livePercent = -1;
        try (Connection connection = DriverManager.getConnection(url, settings.user(), settings.password());
                Statement statement = connection.createStatement()) {
            int sessions = count(statement, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS");
            if (sessions > 1) {
                return skipped(before, livePercent, "another process has the database open");
            }
            livePercent = count(statement, "SELECT CAST(SETTING_VALUE AS INT) FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'info.CHUNKS_FILL_RATE'");
            if (livePercent > thresholds.maxLivePercent()) {
                return new Compaction(before, livePercent, before, Duration.ZERO, false, false, livePercent
                        + " % of the file is in use");
            }
            long inUse = before * livePercent / 100;
            String noRoom = noRoom(dataFile, inUse);
            if (noRoom != null) {
                return skipped(before, livePercent, noRoom);
            }
            writeMarker(dataFile, inUse);
            starting.accept("Compacting the database file " + dataFile + " (" + megabytes(before) + ", of which H2"
                    + " counts " + livePercent + " % as in use; the rest is space that rewritten rows no longer use)."
                    + " This rewrites the rows in use into a new file, about " + megabytes(inUse)
                    + ", and may take a few minutes");
            statement.execute("SHUTDOWN COMPACT");
        } catch (SQLException | RuntimeException e) {
            return skipped(before, livePercent, "it failed: " + e.getMessage());
        } finally {
            deleteMarker(dataFile);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long after = size(dataFile);
        LOG.info("Compacted the database file {} from {} to {} in {} s", dataFile, megabytes(before),
                megabytes(after), String.format(Locale.ROOT, "%.1f", took.toMillis() / 1000.0));
        return new Compaction(before, livePercent, after, took, true, true, "compacted");
    }

    /**
     * While the daemon compacts, other processes cannot open the database: they wait for it
     * instead of failing (see {@link Store}), and this file beside the database, written just
     * before and deleted just after, tells them why. Left behind by a crash, it means nothing:
     * it counts only while the daemon lock is held.
     */
    static Path marker(Path dataFile) {
        String name = dataFile.getFileName().toString();
        String base = name.endsWith(H2Files.DATA_FILE_SUFFIX)
                ? name.substring(0, name.length() - H2Files.DATA_FILE_SUFFIX.length()) : name;
        return dataFile.resolveSibling(base + MARKER_SUFFIX);
    }

    /**
     * What the daemon is doing to the database of this URL, when it is compacting it: "since
     * 2026-12-01T12:00:01Z, about 2,504 MB to write"; null when it is not (no marker, or no daemon
     * holds the lock, so the marker is a crash's leftover).
     */
    static String inProgress(String url) {
        Path dataFile = H2Files.dataFile(url);
        if (dataFile == null) {
            return null;
        }
        Path marker = marker(dataFile);
        try {
            if (!Files.exists(marker) || !Boolean.TRUE.equals(DaemonLockProbe.isHeld(Vendor.H2, url, null))) {
                return null;
            }
            return Files.readString(marker).strip();
        } catch (java.io.IOException | RuntimeException gone) {
            return null;
        }
    }

    private static void writeMarker(Path dataFile, long bytesToWrite) {
        try {
            Files.writeString(marker(dataFile), "since " + java.time.Instant.now().truncatedTo(
                    java.time.temporal.ChronoUnit.SECONDS) + ", about " + megabytes(bytesToWrite) + " to write\n");
        } catch (java.io.IOException e) {
            LOG.debug("Could not write {} (other processes then fail instead of waiting): {}", marker(dataFile),
                    e.getMessage());
        }
    }

    private static void deleteMarker(Path dataFile) {
        try {
            Files.deleteIfExists(marker(dataFile));
        } catch (java.io.IOException e) {
            LOG.debug("Could not delete {}: {}", marker(dataFile), e.getMessage());
        }
    }

    /** Needed, and not done: the caller says so (the daemon in its log, the command on the terminal). */
    private static Compaction skipped(long before, int livePercent, String why) {
        return new Compaction(before, livePercent, before, Duration.ZERO, true, false, why);
    }

    /**
     * Why the disk has no room for the new file (the part in use, and {@link #MIN_BYTES_LEFT_FREE}
     * to spare: filling the disk would fail other programs' writes too), or null when it has.
     */
    static String noRoom(Path dataFile, long bytesToWrite) {
        try {
            long free = Files.getFileStore(dataFile).getUsableSpace();
            if (free < bytesToWrite + MIN_BYTES_LEFT_FREE) {
                return "the disk has " + megabytes(free) + " free, and the new file needs about "
                        + megabytes(bytesToWrite) + " and " + megabytes(MIN_BYTES_LEFT_FREE) + " to spare; free some"
                        + " space";
            }
        } catch (java.io.IOException | RuntimeException unknown) {
            // not known: H2 tells if it runs out
        }
        return null;
    }

    private static int count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new SQLException("no row from " + sql);
            }
            return rows.getInt(1);
        }
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (java.io.IOException unreadable) {
            return 0;
        }
    }
}
