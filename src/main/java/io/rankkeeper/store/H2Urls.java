package io.rankkeeper.store;

import java.util.Locale;
import org.h2.store.fs.FilePath;

/**
 * The one place where H2 URLs get the settings rankkeeper relies on (later also
 * {@code AUTO_SERVER} for the CLI beside the daemon). Settings the user wrote win.
 */
final class H2Urls {

    /**
     * With H2's default write delay (500 ms) a {@code kill -9} lost committed rows; 0 makes a
     * commit durable when it returns. It is slow only for single-row commits, and the writer batches.
     */
    static final String DURABLE_WRITES = "WRITE_DELAY=0";

    /**
     * H2 (2.5.252) loses committed transactions at {@code kill -9} once it writes new chunks into
     * space freed by old ones: the recovery at the next open follows the chain of chunks from the
     * file header and does not find them. CrashLoopIT lost every commit of a whole daemon life
     * that way (the life after a crash; the next crash took them), and a single 60-second session
     * of small commits lost its last three. With space reuse off H2 only appends, and the newest
     * chunk is always the one at the end of the file, where recovery looks: no kill lost a commit
     * since. The price is a file that grows while the process runs, until a clean close or
     * {@code SHUTDOWN COMPACT} shrinks it.
     */
    static final String APPEND_ONLY = "REUSE_SPACE=FALSE";

    /**
     * H2's automatic mixed mode: the first process to open the file serves it to the others, so
     * the CLI works beside a running daemon (and takes over if the daemon stops). Its server
     * listens on all interfaces unless {@code h2.bindAddress} says otherwise: see {@link #LOOPBACK}.
     */
    static final String SHARED_ACCESS = "AUTO_SERVER=TRUE";

    /**
     * H2's default file system closes the database file when a thread that is using it is
     * interrupted (ClosedByInterruptException), and every later statement fails. A daemon
     * interrupts runs to stop them, so file URLs are opened through {@link UninterruptibleFilePath}
     * (same files on disk).
     */
    static final String NON_INTERRUPTIBLE = UninterruptibleFilePath.SCHEME + ":";

    /** File systems a user's URL may name that mean the plain files on disk. */
    private static final String[] DISK_FILE_SYSTEMS = {"file:", "async:", "nio:", NON_INTERRUPTIBLE};

    /** The only address H2's automatic server may listen on. */
    static final String LOOPBACK = "127.0.0.1";

    /**
     * H2's shared cache of values read (on by default) looks every string and number up in a
     * table of recent ones: a hash and an {@code equals} per value, 13 % of an export's CPU
     * (async-profiler). Without it, {@code export} of a compacted 3 M-observation file
     * made 521,884-629,001 rows/s against 419,163-481,931 with it (the parallel collector,
     * three runs each, alternated) and 406,560-416,032 against 326,581-394,823 with G1.
     */
    static final String OBJECT_CACHE = "h2.objectCache";

    static {
        // Read once by H2 when its classes load; set before the first connection.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", LOOPBACK);
        }
        if (System.getProperty(OBJECT_CACHE) == null) {
            System.setProperty(OBJECT_CACHE, "false");
        }
        FilePath.register(new UninterruptibleFilePath());
    }

    private H2Urls() {
    }

    /** The URL to open: for embedded file databases, the durability settings appended if absent. */
    static String effective(String url) {
        if (!isEmbeddedFile(url)) {
            return url;
        }
        return withSetting(withSetting(withSetting(nonInterruptible(url), DURABLE_WRITES), APPEND_ONLY), SHARED_ACCESS);
    }

    /** {@code jdbc:h2:file:x} and {@code jdbc:h2:x} become {@code jdbc:h2:rkfile:x}; other file systems stay. */
    static String nonInterruptible(String url) {
        String rest = url.substring("jdbc:h2:".length());
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            return "jdbc:h2:" + NON_INTERRUPTIBLE + rest.substring("file:".length());
        }
        if (lower.matches("^[a-z]{2,}:.*") && !lower.matches("^[a-z]:[\\\\/].*")) {
            return url;
        }
        return "jdbc:h2:" + NON_INTERRUPTIBLE + rest;
    }

    /** The database file path of an embedded file URL ({@code jdbc:h2:file:./data/rk} -> {@code ./data/rk}), or null. */
    static String filePath(String url) {
        if (!isEmbeddedFile(url)) {
            return null;
        }
        String rest = url.substring("jdbc:h2:".length());
        for (String fileSystem : DISK_FILE_SYSTEMS) {
            if (rest.toLowerCase(Locale.ROOT).startsWith(fileSystem)) {
                rest = rest.substring(fileSystem.length());
            }
        }
        int semicolon = rest.indexOf(';');
        return semicolon < 0 ? rest : rest.substring(0, semicolon);
    }

    static boolean isEmbeddedFile(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            return false;
        }
        String rest = lower.substring("jdbc:h2:".length());
        return !(rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:")
                || rest.startsWith("zip:"));
    }

    private static String withSetting(String url, String setting) {
        String key = setting.substring(0, setting.indexOf('=')).toUpperCase(Locale.ROOT);
        for (String part : url.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0 && part.substring(0, equals).trim().toUpperCase(Locale.ROOT).equals(key)) {
                return url;
            }
        }
        return url.endsWith(";") ? url + setting : url + ";" + setting;
    }
}
