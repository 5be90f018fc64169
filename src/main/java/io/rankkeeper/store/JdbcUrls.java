package io.rankkeeper.store;

import java.util.regex.Pattern;

/** Renders JDBC URLs for messages and logs with any password masked. */
final class JdbcUrls {

    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)(password\\s*=\\s*)[^;&]*");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    private JdbcUrls() {
    }

    static String masked(String url) {
        if (url == null) {
            return "null";
        }
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
        return USER_INFO_PASSWORD.matcher(masked).replaceAll("$1****@");
    }
}
