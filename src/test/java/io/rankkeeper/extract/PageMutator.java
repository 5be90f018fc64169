package io.rankkeeper.extract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Damages a page the ways the web damages pages: cut a piece out, duplicate a piece, shuffle
 * chunks, change digits, change or drop the separators between digits, strip tags, insert
 * garbage characters, truncate. Most mutations land near a hot spot (the places an extractor
 * reads: rank labels, rank markup, item links), the rest anywhere, so that a 1 MB page is not
 * mutated only in its scripts. Seeded: the same seed and page give the same mutant. Not
 * thread-safe (one per case).
 */
final class PageMutator {

    /** Where the extractors look; mutations cluster around these. */
    private static final String[] HOT_SPOTS = {
        "Best Sellers Rank", "Bestsellers Rank", "Bestseller-Rang", "meilleures ventes", "classifica Bestseller",
        "más vendidos", "mais vendidos", "売れ筋ランキング", "SalesRank", "zg_hrsr", "zg-bdg-text", "zg-badge-text",
        "zg_rankNumber", "p13n-asin-index-", "productTitle", "/dp/", "#", "Nr.", "chart-position", "chart-badge",
        "productDetails", "detailBullets", "captcha", "Sorry! Something went wrong",
    };
    private static final int NEAR = 2_000;
    private static final String SEPARATORS = ",.\u00a0\u202f\u2009 '\u2019";
    private static final String[] GARBAGE = {
        "\u0000", "\ufffd", "\ud800", "\udfff", "<", ">", "</", "<!--", "-->", "\"", "'", "&", "&#", "&#x", "&#49;",
        "&nbsp;", "<script>", "</span>", "<li>", "</ul>", "#", "in ", "位", "\u202e", "\uffff", "\r\n", "\t",
        "Nr. ", "n.", "nº", "-", "\u2014", "…", "<a href=\"/gp/bestsellers/books/1/\">", "99999999999999999999",
    };

    private final Random random;
    private final List<String> log = new ArrayList<>();

    PageMutator(long seed) {
        this.random = new Random(seed);
    }

    /** What was done, in order, for a failure message. */
    List<String> log() {
        return List.copyOf(log);
    }

    /** One to four mutations of {@code page}. */
    String mutate(String page) {
        String mutant = page;
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count && !mutant.isEmpty(); i++) {
            mutant = mutateOnce(mutant);
        }
        return mutant;
    }

    private String mutateOnce(String page) {
        int at = position(page);
        int length = chunkLength(page.length() - at);
        return switch (random.nextInt(9)) {
            case 0 -> {
                log.add("cut " + length + " at " + at);
                yield page.substring(0, at) + page.substring(at + length);
            }
            case 1 -> {
                int to = position(page);
                log.add("duplicate " + length + " from " + at + " to " + to);
                yield page.substring(0, to) + page.substring(at, at + length) + page.substring(to);
            }
            case 2 -> shuffle(page, at, length);
            case 3 -> changeDigits(page, at, length);
            case 4 -> changeSeparators(page, at, length);
            case 5 -> stripTags(page, at, random.nextInt(10) == 0 ? page.length() - at : length);
            case 6 -> insertGarbage(page, at);
            case 7 -> {
                log.add("truncate at " + at);
                yield page.substring(0, at);
            }
            default -> replaceNumber(page, at);
        };
    }

    private String shuffle(String page, int at, int length) {
        int pieces = 2 + random.nextInt(7);
        List<String> chunks = new ArrayList<>();
        int step = Math.max(1, length / pieces);
        for (int from = at; from < at + length; from += step) {
            chunks.add(page.substring(from, Math.min(from + step, at + length)));
        }
        Collections.shuffle(chunks, random);
        log.add("shuffle " + chunks.size() + " chunks of " + step + " at " + at);
        return page.substring(0, at) + String.join("", chunks) + page.substring(at + length);
    }

    private String changeDigits(String page, int at, int length) {
        StringBuilder out = new StringBuilder(page);
        int changed = 0;
        for (int i = at; i < at + length; i++) {
            if (Character.isDigit(out.charAt(i)) && random.nextInt(3) == 0) {
                out.setCharAt(i, (char) ('0' + random.nextInt(10)));
                changed++;
            }
        }
        log.add("change " + changed + " digits in " + length + " at " + at);
        return out.toString();
    }

    private String changeSeparators(String page, int at, int length) {
        StringBuilder out = new StringBuilder(page.length() + 16);
        out.append(page, 0, at);
        int changed = 0;
        for (int i = at; i < at + length; i++) {
            char c = page.charAt(i);
            if (SEPARATORS.indexOf(c) >= 0 && random.nextBoolean()) {
                int pick = random.nextInt(SEPARATORS.length() + 2);
                if (pick < SEPARATORS.length()) {
                    out.append(SEPARATORS.charAt(pick));
                } else if (pick == SEPARATORS.length()) {
                    out.append(c).append(c); // doubled
                } // else dropped
                changed++;
            } else {
                out.append(c);
            }
        }
        out.append(page, at + length, page.length());
        log.add("change " + changed + " separators in " + length + " at " + at);
        return out.toString();
    }

    private String stripTags(String page, int at, int length) {
        String region = page.substring(at, at + length).replaceAll("<[^>]*>", "");
        log.add("strip tags in " + length + " at " + at);
        return page.substring(0, at) + region + page.substring(at + length);
    }

    private String insertGarbage(String page, int at) {
        StringBuilder garbage = new StringBuilder();
        int pieces = 1 + random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            if (random.nextBoolean()) {
                garbage.append(GARBAGE[random.nextInt(GARBAGE.length)]);
            } else {
                garbage.append((char) random.nextInt(0x3000)); // any char of the first planes, controls included
            }
        }
        log.add("insert garbage " + escape(garbage) + " at " + at);
        return page.substring(0, at) + garbage + page.substring(at);
    }

    /** Replaces the digit run at or after {@code at} with another number: 0, huge, or random. */
    private String replaceNumber(String page, int at) {
        int start = at;
        while (start < page.length() && !Character.isDigit(page.charAt(start))) {
            start++;
        }
        if (start == page.length()) {
            return page;
        }
        int end = start;
        while (end < page.length() && Character.isDigit(page.charAt(end))) {
            end++;
        }
        String number = switch (random.nextInt(4)) {
            case 0 -> "0";
            case 1 -> "9".repeat(19 + random.nextInt(10));
            case 2 -> "0" + page.substring(start, end);
            default -> Long.toString(1 + random.nextInt(2_000_000));
        };
        log.add("number " + page.substring(start, end) + " -> " + number + " at " + start);
        return page.substring(0, start) + number + page.substring(end);
    }

    /** Near a hot spot three times in four, else anywhere. */
    private int position(String page) {
        if (page.isEmpty()) {
            return 0;
        }
        if (random.nextInt(4) > 0) {
            String spot = HOT_SPOTS[random.nextInt(HOT_SPOTS.length)];
            int found = nthOccurrence(page, spot);
            if (found >= 0) {
                int offset = random.nextInt(2 * NEAR + 1) - NEAR;
                return Math.max(0, Math.min(page.length() - 1, found + offset));
            }
        }
        return random.nextInt(page.length());
    }

    private int nthOccurrence(String page, String spot) {
        int first = page.indexOf(spot);
        if (first < 0) {
            return -1;
        }
        int found = first;
        for (int skip = random.nextInt(4); skip > 0; skip--) {
            int next = page.indexOf(spot, found + 1);
            if (next < 0) {
                break;
            }
            found = next;
        }
        return found;
    }

    /** Mostly short chunks (a tag, a number, a line), sometimes long ones. */
    private int chunkLength(int room) {
        if (room <= 0) {
            return 0;
        }
        int length = random.nextInt(5) == 0 ? 1 + random.nextInt(20_000) : 1 + random.nextInt(200);
        return Math.min(length, room);
    }

    private static String escape(CharSequence text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
