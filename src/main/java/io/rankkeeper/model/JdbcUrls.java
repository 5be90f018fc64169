package io.rankkeeper.model;

import java.util.regex.Pattern;

/**
 * Renders JDBC URLs for messages and logs with any password masked. Shared by the config (its
 * errors echo the URL) and the store (its messages name the database). Stateless, thread-safe.
 */
public final class JdbcUrls {

    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)(password\\s*=\\s*)[^;&]*");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    private JdbcUrls() {
    }

    /** {@code url} with any password in it ({@code password=...}, {@code //user:pw@}) replaced by {@code ****}. */
    public static String masked(String url) {
        if (url == null) {
            return "null";
        }
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
        return USER_INFO_PASSWORD.matcher(masked).replaceAll("$1****@");
    }
}
