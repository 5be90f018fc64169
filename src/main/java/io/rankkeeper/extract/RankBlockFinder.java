package io.rankkeeper.extract;

import io.rankkeeper.model.PageView;
import java.nio.charset.Charset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds the Best Sellers Rank block of an Amazon product page without parsing the page: it
 * looks for markers with {@link MarkerSearch} (the {@code zg_hrsr} sub-rank list, the
 * {@code SalesRank} id, the rank label of each marketplace), walks back to the start tag of the
 * enclosing element, and cuts that element out by counting its start and end tags. Only the
 * cut-out element is handed on for reading. Stateless, thread-safe.
 */
final class RankBlockFinder {

    /** Upper bound of a rank block; real ones are 1 to 6 KB, mostly whitespace. */
    static final int MAX_BLOCK_CHARS = 64 * 1024;

    /** How far back from a label the enclosing row or list item may start. */
    static final int MAX_LABEL_DEPTH_CHARS = 4 * 1024;

    /** Occurrences of one marker tried before moving on (a label can also sit in scripts). */
    static final int MAX_TRIES_PER_MARKER = 4;

    private static final String SALES_RANK = "SalesRank";

    private static final String ZG_HRSR = "zg_hrsr";

    /** The containers that hold a rank block without a SalesRank id or zg_hrsr list. */
    private static final List<String> CONTAINERS = List.of("detailBullets", "prodDetails", "productDetails");

    /** How far before the first {@code zg_hrsr} the rank label is looked for. */
    static final int LABEL_WINDOW_BEFORE = 16 * 1024;

    /** How far after the first {@code zg_hrsr} the rank label is looked for. */
    static final int LABEL_WINDOW_AFTER = 4 * 1024;

    /**
     * The rank labels of the marketplaces, most common first; matched as written in the HTML
     * source, so entity-encoded variants are listed too.
     */
    static final List<String> LABELS = List.of(
            "Best Sellers Rank",
            "Bestsellers Rank",
            "Bestseller-Rang",
            "Classement des meilleures ventes",
            "Posizione nella classifica Bestseller",
            "Clasificación en los más vendidos",
            "Clasificaci&oacute;n en los m&aacute;s vendidos",
            "売れ筋ランキング",
            "Ranking dos mais vendidos",
            "Plaats in bestsellerlijst",
            "Bestseller-rang");

    /** {@link #LABELS} as they appear in a page view of each charset seen (a handful). */
    private static final Map<Charset, List<String>> ENCODED_LABELS = new ConcurrentHashMap<>();

    private RankBlockFinder() {
    }

    /**
     * What the search found.
     *
     * @param value the first non-null value the reader returned, or null
     * @param blocksSeen how many candidate blocks were handed to the reader
     */
    record Search<T>(T value, int blocksSeen) {
    }

    /**
     * Hands candidate blocks to {@code reader}, most trusted first, until it returns a value.
     * Each full scan of a 1 MB page costs 0.05 to 0.25 ms, so the order keeps the usual pages
     * to one scan: the first {@code zg_hrsr} with the {@code SalesRank} id and the labels
     * searched only around it; then the {@code SalesRank} id over the page (pages without
     * sub-ranks), then each label over the page.
     */
    static <T> Search<T> search(PageView page, int from, Function<RankBlock, T> reader) {
        Attempts<T> attempts = new Attempts<>(page, reader);
        if (searchFrom(page, from, attempts, true) || from <= 0) {
            return attempts.result();
        }
        // Not after the title: look before it, in that part only, so that no marker scan runs
        // over the rest of the page a second time. No block has been seen there on real pages,
        // so the labels are looked for only inside a product details container.
        PageView before = page.prefix((int) Math.min(page.length(), (long) from + MAX_LABEL_DEPTH_CHARS));
        boolean container = CONTAINERS.stream().anyMatch(marker -> MarkerSearch.contains(before, marker));
        searchFrom(before, 0, attempts, container);
        return attempts.result();
    }

    /** Searches {@code html}, the page or a prefix of it, from {@code start}; true when a block was read. */
    private static <T> boolean searchFrom(PageView html, int start, Attempts<T> attempts, boolean everyLabel) {
        // Most pages have sub-ranks, and the first zg_hrsr (a class, a style rule or a ref tag)
        // sits inside the rank block: one scan finds it, the rest is searched in a window.
        int zg = MarkerSearch.indexOf(html, ZG_HRSR, start);
        if (zg >= 0) {
            int windowStart = Math.max(0, zg - LABEL_WINDOW_BEFORE);
            String window = html.substring(windowStart, (int) Math.min(html.length(), (long) zg + LABEL_WINDOW_AFTER));
            if (trySalesRankIds(PageView.ofText(window), windowStart, 0, attempts)) {
                return true;
            }
            for (String label : attempts.labels) {
                int at = window.indexOf(label);
                if (at >= 0 && attempts.tryAt(enclosingRowOrItem(html, windowStart + at))) {
                    return true;
                }
            }
            for (int list : MarkupText.startTags(window, "ul", ZG_HRSR, 0)) {
                if (attempts.tryAt(enclosingRowOrItem(html, windowStart + list))) {
                    return true;
                }
            }
        }
        if (trySalesRankIds(html, 0, start, attempts)) {
            return true;
        }
        for (String label : everyLabel ? attempts.labels : List.<String>of()) {
            int from = start;
            for (int attempt = 0; attempt < MAX_TRIES_PER_MARKER; attempt++) {
                int at = MarkerSearch.indexOf(html, label, from);
                if (at < 0) {
                    break;
                }
                from = at + label.length();
                if (attempts.tryAt(enclosingRowOrItem(html, at))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Tries the elements whose id is SalesRank in {@code text}, a part of the page at {@code offset}. */
    private static <T> boolean trySalesRankIds(PageView text, int offset, int start, Attempts<T> attempts) {
        int from = start;
        for (int attempt = 0; attempt < MAX_TRIES_PER_MARKER; attempt++) {
            int at = MarkerSearch.indexOf(text, SALES_RANK, from);
            if (at < 0) {
                return false;
            }
            from = at + SALES_RANK.length();
            int tagStart = text.lastIndexOf('<', at);
            if (isIdValue(text, at) && tagStart >= 0 && attempts.tryAt(offset + tagStart)) {
                return true;
            }
        }
        return false;
    }

    /** True when the text at {@code at} is the value of an id attribute. */
    private static boolean isIdValue(PageView html, int at) {
        int quote = at - 1;
        if (quote >= 0 && (html.charAt(quote) == '"' || html.charAt(quote) == '\'')) {
            quote--;
        }
        return quote >= 2 && html.charAt(quote) == '=' && html.regionMatches(true, quote - 2, "id", 0, 2);
    }

    /** The blocks tried so far, so that one element is read once. */
    private static final class Attempts<T> {
        private final PageView page;
        /** The labels as they appear in the page's bytes. */
        private final List<String> labels;
        private final Function<RankBlock, T> reader;
        private final Set<Integer> tried = new HashSet<>();
        private T value;

        Attempts(PageView page, Function<RankBlock, T> reader) {
            this.page = page;
            this.labels = page.isText() ? LABELS : ENCODED_LABELS.computeIfAbsent(page.charset(),
                    charset -> LABELS.stream().map(page::marker).toList());
            this.reader = reader;
        }

        /** Reads the element starting at {@code start}; true when it held a value. */
        boolean tryAt(int start) {
            if (start < 0 || !tried.add(start)) {
                return false;
            }
            RankBlock block = cut(page, start);
            value = reader.apply(page.isText() ? block : new RankBlock(block.tag(), page.read(block.html()), block.complete()));
            return value != null;
        }

        Search<T> result() {
            return new Search<>(value, tried.size());
        }
    }

    /** The start of the nearest {@code <li>} or {@code <tr>} before {@code at}, if close enough. */
    static int enclosingRowOrItem(PageView html, int at) {
        // Searched in a copy of the window only: a backward scan for a missing tag would
        // otherwise run to the start of the page.
        int windowStart = Math.max(0, at - MAX_LABEL_DEPTH_CHARS);
        PageView window = PageView.ofText(html.substring(windowStart, at));
        int start = Math.max(lastStartTag(window, "li", window.length()), lastStartTag(window, "tr", window.length()));
        return start < 0 ? -1 : windowStart + start;
    }

    /** The position of the last {@code <tag} start tag before {@code before}, or -1. */
    static int lastStartTag(PageView html, String tag, int before) {
        String open = "<" + tag;
        int at = before;
        while (at > 0) {
            at = html.lastIndexOf(open, at - 1);
            if (at < 0) {
                return -1;
            }
            if (endsTagName(html, at + open.length())) {
                return at;
            }
        }
        return -1;
    }

    /** The element starting at {@code start}, up to its matching end tag or the window's end. */
    static RankBlock cut(String html, int start) {
        return cut(PageView.ofText(html), start);
    }

    /** As {@link #cut(String, int)} in a page view. */
    static RankBlock cut(PageView html, int start) {
        String tag = tagName(html, start + 1);
        int limit = (int) Math.min(html.length(), (long) start + MAX_BLOCK_CHARS);
        if (tag.isEmpty()) {
            return new RankBlock("div", html.substring(start, limit), false);
        }
        int depth = 0;
        int at = start;
        while (true) {
            int lt = html.indexOf('<', at);
            if (lt < 0 || lt >= limit) {
                return new RankBlock(tag, html.substring(start, limit), false);
            }
            if (startsTag(html, lt + 1, tag)) {
                depth++;
            } else if (lt + 1 < html.length() && html.charAt(lt + 1) == '/' && startsTag(html, lt + 2, tag)) {
                depth--;
                if (depth <= 0) {
                    int gt = html.indexOf('>', lt);
                    int end = gt < 0 || gt >= limit ? limit : gt + 1;
                    return new RankBlock(tag, html.substring(start, end), gt >= 0 && gt < limit);
                }
            }
            at = lt + 1;
        }
    }

    private static String tagName(PageView html, int from) {
        int end = from;
        while (end < html.length() && end - from < 16 && Character.isLetterOrDigit(html.charAt(end))) {
            end++;
        }
        return html.substring(from, end).toLowerCase(Locale.ROOT);
    }

    private static boolean startsTag(PageView html, int at, String tag) {
        return html.regionMatches(true, at, tag, 0, tag.length()) && endsTagName(html, at + tag.length());
    }

    private static boolean endsTagName(PageView html, int at) {
        if (at >= html.length()) {
            return true;
        }
        char c = html.charAt(at);
        return c == '>' || c == '/' || Character.isWhitespace(c);
    }
}
