package io.rankkeeper.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data file of an embedded H2 database, as users know it: its path for messages, and a check
 * before H2 opens it. Without the check an unreadable or read-only file made H2 fall back to
 * read-only mode, which it then refuses with {@code AUTO_SERVER} ("Feature not supported"), a
 * message that says nothing about permissions. Stateless.
 */
final class H2Files {

    static final String DATA_FILE_SUFFIX = ".mv.db";

    private H2Files() {
    }

    /** The absolute data file of an embedded file URL ({@code ~} is the home folder), or null for other URLs. */
    static Path dataFile(String url) {
        String base = H2Urls.filePath(url);
        if (base == null) {
            return null;
        }
        String expanded = base.startsWith("~") ? System.getProperty("user.home") + base.substring(1) : base;
        return Path.of(expanded + DATA_FILE_SUFFIX).toAbsolutePath().normalize();
    }

    /**
     * Refuses a data file that does not exist, so that a command never creates an empty database
     * where the config points by mistake.
     */
    static void requireExisting(Path file, String maskedUrl) {
        if (!Files.exists(file)) {
            throw new StoreException("There is no database at " + file + " (database url " + maskedUrl
                    + "). Check --config, or start the daemon or 'rankkeeper run' once to create it.");
        }
    }

    /**
     * Refuses an existing data file that this process cannot both read and write (a missing one is
     * fine: H2 creates it). Touches nothing.
     */
    static void requireReadableAndWritable(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw new StoreException("The database file " + file + " is not a regular file. It was left unchanged."
                    + " Point the database URL at a file path (jdbc:h2:file:./data/rankkeeper stores"
                    + " ./data/rankkeeper" + DATA_FILE_SUFFIX + ").");
        }
        boolean readable = Files.isReadable(file);
        boolean writable = Files.isWritable(file);
        if (readable && writable) {
            return;
        }
        String cannot = !readable && !writable ? "read or written" : !readable ? "read" : "written";
        throw new StoreException("The database file " + file + " cannot be " + cannot + " by the user running"
                + " rankkeeper (" + System.getProperty("user.name") + ")" + permissions(file) + ". It was left unchanged."
                + " Give that user read and write access to the file and its folder (chown or chmod u+rw), or run"
                + " rankkeeper as the file's owner.");
    }

    private static String permissions(Path file) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            return ": its permissions are " + PosixFilePermissions.toString(attributes.permissions()) + ", owner "
                    + attributes.owner().getName();
        } catch (IOException | UnsupportedOperationException unknown) {
            return "";
        }
    }
}
