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

    private OpenFailures() {
    }

    static StoreException translate(Throwable failure, String url, Vendor vendor) {
        String masked = JdbcUrls.masked(url);
        SQLException sql = firstSqlException(failure);
        String cause = sql != null ? sql.getMessage() : String.valueOf(failure.getMessage());
        if (vendor == Vendor.H2 && sql != null) {
            String file = H2Urls.filePath(url);
            String where = file != null ? "The database file " + file + ".mv.db" : "The database " + masked;
            switch (sql.getErrorCode()) {
                case H2_DATABASE_ALREADY_OPEN:
                    return new StoreException(where + " is locked: another process has it open (H2 error 90020)."
                            + " Stop the other rankkeeper process (a running daemon) or use another database file,"
                            + " then try again.", failure);
                case H2_FILE_CORRUPTED, H2_FILE_VERSION_ERROR, H2_GENERAL_ERROR:
                    return new StoreException(where + " cannot be read: it is corrupt, truncated, not an H2 2.x"
                            + " database or was written by an older H2 version (" + firstLine(cause) + ")."
                            + " It was left unchanged. Restore it from a backup, or point the database URL at"
                            + " another file to start afresh.", failure);
                default:
                    break;
            }
        }
        if (vendor == Vendor.POSTGRESQL && sql != null && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            if (state.startsWith("08")) {
                return new StoreException("Cannot reach PostgreSQL at " + masked + ": " + firstLine(cause)
                        + ". Check that the server is running and that host, port and database in the URL are"
                        + " right.", failure);
            }
            if (state.startsWith("28")) {
                return new StoreException("PostgreSQL at " + masked + " refused the login: " + firstLine(cause)
                        + ". Check the database user and password.", failure);
            }
            if ("3D000".equals(state)) {
                return new StoreException("PostgreSQL at " + masked + " has no such database: " + firstLine(cause)
                        + ". Create it (CREATE DATABASE ...) or fix the URL.", failure);
            }
        }
        return new StoreException("Cannot open the database " + masked + ": " + firstLine(cause)
                + ". Check the database URL and that the database is reachable.", failure);
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

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
