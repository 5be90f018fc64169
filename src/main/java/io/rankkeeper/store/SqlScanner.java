package io.rankkeeper.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small lexer for the first line of defence of read-only SQL: it drops comments and quoted
 * text and returns the upper-cased words and symbols. It is not the guarantee (the database's
 * own checks in {@link ReadOnlySql} are); it only makes the refusal message clear and denies a
 * few forms that the databases consider read-only but are not (H2's data change delta tables).
 * When it cannot tell, it keeps text visible, so it errs towards refusing.
 */
final class SqlScanner {

    private SqlScanner() {
    }

    /** The words (upper case) and single-character symbols outside comments and quotes. */
    static List<String> words(String sql) {
        List<String> words = new ArrayList<>();
        int index = 0;
        int length = sql.length();
        while (index < length) {
            char current = sql.charAt(index);
            if (current == '-' && index + 1 < length && sql.charAt(index + 1) == '-') {
                int end = sql.indexOf('\n', index);
                index = end < 0 ? length : end + 1;
            } else if (current == '/' && index + 1 < length && sql.charAt(index + 1) == '*') {
                int end = sql.indexOf("*/", index + 2);
                index = end < 0 ? length : end + 2;
            } else if (current == '\'' || current == '"') {
                int end = closingQuote(sql, index, current);
                words.add(current == '\'' ? "'" : quotedWord(sql, index, end));
                index = end;
            } else if (Character.isLetterOrDigit(current) || current == '_' || current == '$') {
                int start = index;
                while (index < length && (Character.isLetterOrDigit(sql.charAt(index)) || sql.charAt(index) == '_'
                        || sql.charAt(index) == '$')) {
                    index++;
                }
                words.add(sql.substring(start, index).toUpperCase(Locale.ROOT));
            } else {
                if (!Character.isWhitespace(current)) {
                    words.add(String.valueOf(current));
                }
                index++;
            }
        }
        return words;
    }

    /** The index after the closing quote; a doubled quote is an escaped one. */
    private static int closingQuote(String sql, int open, char quote) {
        int index = open + 1;
        while (index < sql.length()) {
            if (sql.charAt(index) == quote) {
                if (index + 1 < sql.length() && sql.charAt(index + 1) == quote) {
                    index += 2;
                    continue;
                }
                return index + 1;
            }
            index++;
        }
        return sql.length();
    }

    private static String quotedWord(String sql, int open, int end) {
        int close = Math.max(open + 1, end - 1);
        return sql.substring(open + 1, close).replace("\"\"", "\"").toUpperCase(Locale.ROOT);
    }
}
