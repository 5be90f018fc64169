package io.rankkeeper.config;

import io.rankkeeper.model.JdbcUrls;

/**
 * The {@code database:} section; the password is never printed. Immutable.
 *
 * @param url a JDBC URL, as given (a relative H2 file path is relative to the working folder)
 * @param user user name, or null
 * @param password password (from {@code password} or read from {@code passwordFile}), or null
 * @param compactAtStart whether the daemon compacts an embedded H2 file that is mostly wasted
 *     space before it opens it
 */
public record DatabaseConfig(String url, String user, String password, boolean compactAtStart) {

    public static final boolean DEFAULT_COMPACT_AT_START = true;

    /** With {@link #DEFAULT_COMPACT_AT_START}. */
    public DatabaseConfig(String url, String user, String password) {
        this(url, user, password, DEFAULT_COMPACT_AT_START);
    }

    /** An embedded H2 file database under ./data, so a first start needs no database set up. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/rankkeeper";

    /** The URL to show people: a password written into it ({@code password=...}, {@code //user:pw@}) masked. */
    public String displayUrl() {
        return JdbcUrls.masked(url);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + displayUrl() + ", user=" + user + ", password="
                + (password == null ? "null" : "****") + ", compactAtStart=" + compactAtStart + "]";
    }
}
