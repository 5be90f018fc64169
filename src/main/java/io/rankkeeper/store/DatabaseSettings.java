package io.rankkeeper.store;

import io.rankkeeper.model.JdbcUrls;
/**
 * Where the database is.
 *
 * @param url a JDBC URL: {@code jdbc:h2:file:...} (embedded default) or {@code jdbc:postgresql:...}
 * @param user user name, or null
 * @param password password, or null; never logged
 */
public record DatabaseSettings(String url, String user, String password) {

    /** The URL for messages and logs: a password in it (as a parameter or user info) is masked. */
    public String maskedUrl() {
        return JdbcUrls.masked(url);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + maskedUrl() + ", user=" + user + ", password=" + (password == null ? "null" : "****") + "]";
    }
}
