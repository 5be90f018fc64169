package io.rankkeeper.config;

/** The {@code database:} section; the password is never printed. Immutable. */
public record DatabaseConfig(String url, String user, String password) {

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "null" : "****") + "]";
    }
}
