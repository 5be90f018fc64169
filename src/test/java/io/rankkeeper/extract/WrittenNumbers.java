package io.rankkeeper.extract;

import java.util.HashSet;
import java.util.Set;
import org.jsoup.Jsoup;

/**
 * The numbers a page writes, for checking that an extractor never reports a rank the page does
 * not show: every digit run, alone and joined to its neighbours across one grouping separator
 * ("1,234", "1.234", "1 234", lakh "1,23,456"), read in the raw markup and, only when needed,
 * in the rendered text (where tags and entities such as {@code &#49;} are gone). Not
 * thread-safe; one per page.
 */
final class WrittenNumbers {

    private static final String SEPARATORS = ",.\u00a0\u202f\u2009 '\u2019";

    private final String page;
    private Set<Long> raw;
    private Set<Long> rendered;

    WrittenNumbers(String page) {
        this.page = page;
    }

    boolean contains(long number) {
        if (raw == null) {
            raw = numbers(page);
        }
        if (raw.contains(number)) {
            return true;
        }
        if (rendered == null) {
            rendered = numbers(Jsoup.parse(page).text());
        }
        return rendered.contains(number);
    }

    static Set<Long> numbers(String text) {
        Set<Long> numbers = new HashSet<>();
        int i = 0;
        while (i < text.length()) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            // A chain of digit runs joined by single separators: every run alone, every joined span.
            int chainStart = i;
            StringBuilder joined = new StringBuilder();
            int end = i;
            while (true) {
                int runStart = end;
                while (end < text.length() && isDigit(text.charAt(end))) {
                    end++;
                }
                add(numbers, text.substring(runStart, end));
                joined.append(text, runStart, end);
                add(numbers, joined.toString());
                if (end + 1 < text.length() && SEPARATORS.indexOf(text.charAt(end)) >= 0 && isDigit(text.charAt(end + 1))) {
                    end++;
                } else {
                    break;
                }
            }
            // Spans that start inside the chain: "12,345" read from its second run.
            addInnerSpans(numbers, text.substring(chainStart, end));
            i = end;
        }
        return numbers;
    }

    private static void addInnerSpans(Set<Long> numbers, String chain) {
        String[] runs = chain.split("[" + SEPARATORS + "]");
        for (int from = 1; from < runs.length; from++) {
            StringBuilder joined = new StringBuilder();
            for (int to = from; to < runs.length; to++) {
                joined.append(runs[to]);
                if (joined.length() > 2 * RankNumbers.MAX_DIGITS) {
                    break; // far longer than any rank
                }
                add(numbers, joined.toString());
            }
        }
    }

    private static void add(Set<Long> numbers, String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (!significant.isEmpty() && significant.length() <= RankNumbers.MAX_DIGITS) {
            numbers.add(Long.parseLong(significant));
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
