package io.rankkeeper.store;

/**
 * Where the database is.
 *
 * @param url a JDBC URL: {@code jdbc:h2:file:...} (embedded default) or {@code jdbc:postgresql:...}
 * @param user user name, or null
 * @param password password, or null; never logged
 */
public record DatabaseSettings(String url, String user, String password) {

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + JdbcUrls.masked(url) + ", user=" + user + ", password=" + (password == null ? "null" : "****") + "]";
    }
}
