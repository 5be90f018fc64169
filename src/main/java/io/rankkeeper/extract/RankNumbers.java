package io.rankkeeper.extract;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads rank numbers in the formats Amazon's marketplaces write them: {@code #1,234 in},
 * {@code Nr. 1.234 in}, {@code n. 1.234 in}, {@code nº1.234 en}, {@code 1 234 en} (with
 * no-break or narrow no-break spaces), {@code - 1,234位}, {@code Nº 1.234 em}, and the Indian
 * lakh grouping {@code #1,23,456}. Stateless,
 * thread-safe.
 */
final class RankNumbers {

    /** Longest digit string read as a rank; longer ones would overflow a long, and are not ranks. */
    static final int MAX_DIGITS = 18;

    /** Characters that group thousands in some marketplace. */
    private static final String GROUP = "[,.\\u00a0\\u202f\\u2009 '\\u2019]";

    /**
     * A rank at the start of a text: an optional marker, the number (grouped in threes, in the
     * lakh style, or not grouped at all, so that "#1,2" is not read as 1 or 12), then an
     * optional preposition.
     */
    private static final Pattern LEADING_RANK = Pattern.compile(
            "^\\s*(?:#|(?i:nr\\.?|n\\.?\\s?[º°o]\\.?|n\\.|no\\.)|[-\\u2010-\\u2015\\uff0d])?\\s*"
                    + "(\\d{1,3}(?:" + GROUP + "\\d{3})+|\\d{1,2}(?:,\\d{2})+,\\d{3}|\\d+)(?!\\d|" + GROUP + "\\d)"
                    + "\\s*(?:位|(?i:in|en|em|dans|op|na)(?=\\s|$))?\\s*");

    private static final String DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2500\uff0d";

    private static final Pattern CATEGORY_FIRST = Pattern.compile(
            "^\\s*([^\\d(]{1,200}?)\\s+[-\\u2010-\\u2015\\uff0d]\\s*(\\d{1,3}(?:,\\d{3})+|\\d+)位(?!\\d)");

    private RankNumbers() {
    }

    /** A rank read at the start of a text, and the text after it (the category part). */
    record LeadingRank(long rank, String rest) {
    }

    /**
     * Reads the rank at the start of {@code text}.
     *
     * @return the rank and the rest, or null when the text does not start with a rank of 1 or more
     */
    static LeadingRank leading(String text) {
        Matcher matcher = LEADING_RANK.matcher(text);
        if (!matcher.find()) {
            return null;
        }
        long rank = digitsOnly(matcher.group(1));
        if (rank < 1) {
            return null;
        }
        return new LeadingRank(rank, stripLeadingDashes(text.substring(matcher.end())));
    }

    /**
     * The older amazon.co.jp main rank, category first: "本 - 5,328位".
     *
     * @return the rank and the category as its rest, or null when the text is not of that form
     */
    static LeadingRank categoryFirst(String text) {
        Matcher matcher = CATEGORY_FIRST.matcher(text);
        if (!matcher.find()) {
            return null;
        }
        long rank = digitsOnly(matcher.group(2));
        String category = matcher.group(1).trim();
        return rank < 1 || category.isEmpty() ? null : new LeadingRank(rank, category);
    }

    /** Drops the dashes that older amazon.co.jp pages put before a ladder ("─ 本 > ..."). */
    private static String stripLeadingDashes(String text) {
        int at = 0;
        while (at < text.length() && (DASHES.indexOf(text.charAt(at)) >= 0 || Character.isWhitespace(text.charAt(at)))) {
            at++;
        }
        return text.substring(at).trim();
    }

    /**
     * The value of a number after dropping every non-digit (its grouping separators).
     *
     * @return the value, or -1 when there are no digits or too many to be a rank
     */
    static long digitsOnly(String number) {
        StringBuilder digits = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        if (digits.length() == 0 || digits.length() > MAX_DIGITS) {
            return -1;
        }
        return Long.parseLong(digits.toString());
    }

    /**
     * The first number in a text: a digit run that may continue over the given grouping
     * separators while a digit follows each separator.
     *
     * @return the value, or -1 when the text has no number or it is too long to be a rank
     */
    static long firstNumber(String text, String groupingSeparators) {
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            if (isAsciiDigit(text.charAt(i))) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return -1;
        }
        int end = start;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (isAsciiDigit(c)) {
                end++;
            } else if (groupingSeparators.indexOf(c) >= 0
                    && end + 1 < text.length() && isAsciiDigit(text.charAt(end + 1))) {
                end++;
            } else {
                break;
            }
        }
        return digitsOnly(text.substring(start, end));
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
