package io.rankkeeper.store;

import java.sql.SQLException;

/**
 * Turns a failure to connect into a {@link StoreException} that names the database, the cause
 * and the fix. Knows the H2 error codes and PostgreSQL SQL states that users actually meet.
 */
final class OpenFailures {

    /** H2: the file is opened by another process. */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;
    /** H2: the file is not a readable database (corrupt, truncated or not an H2 file). */
    static final int H2_FILE_CORRUPTED = 90030;
    /** H2: the file was written by an incompatible H2 version. */
    static final int H2_FILE_VERSION_ERROR = 90048;
    /** H2: general error, used for MVStore read failures (the file could not be read). */
    static final int H2_GENERAL_ERROR = 50000;
    /** H2: error opening the database: its file lock lost a race with another process opening the file. */
    static final int H2_ERROR_OPENING_DATABASE = 8000;
    /** H2: the connection to the process serving the file (its automatic server) broke. */
    static final int H2_CONNECTION_BROKEN = 90067;
    /** H2: a feature is not supported, e.g. AUTO_SERVER on a file that can only be opened read-only. */
    static final int H2_FEATURE_NOT_SUPPORTED = 50100;
    /** The file system rankkeeper opens H2 files through; it means nothing to a user reading a message. */
    private static final String INTERNAL_FILE_SYSTEM = H2Urls.NON_INTERRUPTIBLE;

    private OpenFailures() {
    }

    /**
     * @param shown the database as the user knows it: the data file of an embedded H2 database,
     *     otherwise the URL with any password masked
     * @param h2DataFile the data file of an embedded H2 database, or null
     */
    static StoreException translate(Throwable failure, String shown, Vendor vendor, java.nio.file.Path h2DataFile) {
        SQLException sql = firstSqlException(failure);
        String cause = withoutInternalFileSystem(sql != null ? sql.getMessage() : String.valueOf(failure.getMessage()));
        if (vendor == Vendor.H2 && sql != null) {
            String where = h2DataFile != null ? "The database file " + h2DataFile : "The database " + shown;
            switch (sql.getErrorCode()) {
                case H2_DATABASE_ALREADY_OPEN, H2_ERROR_OPENING_DATABASE:
                    // 8000 is H2's file lock losing a race with another process ("Lock file recently
                    // modified", "Another process was faster"): after the retries, the same advice
                    return new StoreException(where + " is locked: another process has it open (H2 error "
                            + sql.getErrorCode() + "). Stop the other rankkeeper process (a running daemon) or use"
                            + " another database file, then try again. A program of your own (an SQL tool) can"
                            + " share the file with rankkeeper only when it opens it with ;AUTO_SERVER=TRUE in its"
                            + " URL.", failure);
                case H2_FILE_CORRUPTED, H2_FILE_VERSION_ERROR, H2_GENERAL_ERROR:
                    return new StoreException(where + " cannot be read: it is corrupt, truncated, not an H2 2.x"
                            + " database or was written by an older H2 version (" + firstLine(cause) + ")."
                            + " It was left unchanged. Restore it from a backup, or point the database URL at"
                            + " another file to start afresh.", failure);
                case H2_FEATURE_NOT_SUPPORTED:
                    if (h2DataFile != null && cause.contains("readOnly")) {
                        return new StoreException(where + " can only be opened read-only (the file or its folder is"
                                + " not writable for the user running rankkeeper, "
                                + System.getProperty("user.name") + "). It was left unchanged. Give that user"
                                + " write access (chown or chmod u+rw), or run rankkeeper as the file's owner.",
                                failure);
                    }
                    break;
                default:
                    break;
            }
        }
        if (vendor == Vendor.POSTGRESQL && sql != null && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            if (state.startsWith("08")) {
                return new StoreException("Cannot reach PostgreSQL at " + shown + ": " + firstLine(cause)
                        + ". Check that the server is running and that host, port and database in the URL are"
                        + " right.", failure);
            }
            if (state.startsWith("28")) {
                return new StoreException("PostgreSQL at " + shown + " refused the login: " + firstLine(cause)
                        + ". Check the database user and password.", failure);
            }
            if ("3D000".equals(state)) {
                return new StoreException("PostgreSQL at " + shown + " has no such database: " + firstLine(cause)
                        + ". Create it (CREATE DATABASE ...) or fix the URL.", failure);
            }
        }
        return new StoreException("Cannot open the database " + shown + ": " + firstLine(cause)
                + ". Check the database URL and that the database is reachable.", failure);
    }

    /**
     * Whether {@code failure} (anywhere in its causes) may be one of H2's momentary failures
     * while another process opens, serves or releases the same file: its file lock losing a race
     * (error 8000: "Lock file recently modified", "Another process was faster"), "Database may be
     * already in use" (the other process has the file but has not yet announced its automatic
     * server), or the automatic server of a process that is exiting breaking the connection. The
     * second is also what a program holding the file without the shared mode causes: that is
     * reported after the retries.
     */
    static boolean isMomentaryH2Conflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && (sql.getErrorCode() == H2_CONNECTION_BROKEN
                    || sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN
                    || sql.getErrorCode() == H2_ERROR_OPENING_DATABASE)) {
                return true;
            }
        }
        return false;
    }

    static SQLException firstSqlException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private static String withoutInternalFileSystem(String message) {
        return message == null ? null : message.replace(INTERNAL_FILE_SYSTEM, "");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
