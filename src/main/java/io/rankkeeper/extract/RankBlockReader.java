package io.rankkeeper.extract;

import io.rankkeeper.model.CategoryRank;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every rank in one cut-out rank block (see {@link RankBlockFinder}): the main rank
 * ("#1,234 in Books (See Top 100 in Books)") and each sub-category rank ("#12 in A > B > C",
 * the category being the last link). Works on the block's text with {@link MarkupText}; the
 * block is a few KB. Stateless, thread-safe.
 */
final class RankBlockReader {

    /** Label elements: the rank label sits in one of these, never a rank. */
    private static final String[][] LABEL_ELEMENTS = {
        {"b", null}, {"strong", null}, {"th", null}, {"td", "label"}, {"span", "a-text-bold"},
    };

    private static final int MAX_LABEL_CHARS = 200;

    private RankBlockReader() {
    }

    /** The ranks in the block, main first; null when the block holds none. */
    static List<CategoryRank> read(RankBlock block) {
        String html = block.html();
        List<int[]> entries = entryRanges(html);
        List<Entry> parsed = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            // A block cut short by the end of the page: its last entry may be cut in the middle.
            if (!block.complete() && i == entries.size() - 1) {
                continue;
            }
            int[] range = entries.get(i);
            Entry entry = readEntry(html.substring(range[0], range[1]), block.complete());
            if (entry != null) {
                parsed.add(entry);
            }
        }
        String rest = without(html, entries);
        for (String[] label : LABEL_ELEMENTS) {
            rest = without(rest, elementRanges(rest, label[0], label[1], 1));
        }
        Entry mainEntry = readMainText(rest, block.complete());

        List<CategoryRank> ranks = new ArrayList<>();
        boolean mainTaken = false;
        if (mainEntry != null) {
            ranks.add(mainEntry.toRank(true));
            mainTaken = true;
        }
        for (Entry entry : parsed) {
            boolean main = !mainTaken && entry.mainLike();
            mainTaken |= main;
            if (main) {
                ranks.add(0, entry.toRank(true));
            } else {
                ranks.add(entry.toRank(false));
            }
        }
        return ranks.isEmpty() ? null : List.copyOf(ranks);
    }

    /**
     * The sub-rank entries as [start, end) ranges: the items of a {@code ul.zg_hrsr}, else the
     * rows of a legacy table, else leaf spans that start with a rank (product details table).
     */
    private static List<int[]> entryRanges(String html) {
        List<int[]> ranges = new ArrayList<>();
        for (int[] list : elementRanges(html, "ul", "zg_hrsr", 1)) {
            String inner = html.substring(0, list[1]);
            ranges.addAll(elementRanges(inner, "li", null, list[0] + 1));
        }
        if (ranges.isEmpty()) {
            ranges.addAll(elementRanges(html, "li", "zg_hrsr_item", 1));
        }
        if (ranges.isEmpty()) {
            for (int[] table : elementRanges(html, "table", null, 1)) {
                ranges.addAll(elementRanges(html.substring(0, table[1]), "tr", null, table[0] + 1));
            }
        }
        if (ranges.isEmpty()) {
            for (int[] span : elementRanges(html, "span", null, 1, false)) {
                String spanHtml = html.substring(span[0], span[1]);
                if (spanHtml.indexOf("<span", 1) < 0
                        && RankNumbers.leading(MarkupText.text(spanHtml)) != null) {
                    ranges.add(span);
                }
            }
        }
        return ranges;
    }

    private static List<int[]> elementRanges(String html, String tag, String attributeText, int from) {
        return elementRanges(html, tag, attributeText, from, true);
    }

    /**
     * The [start, end) ranges of the elements with that tag (whose start tag contains
     * {@code attributeText}, if given); with {@code outermostOnly}, elements inside an earlier
     * match are skipped.
     */
    private static List<int[]> elementRanges(
            String html, String tag, String attributeText, int from, boolean outermostOnly) {
        List<int[]> ranges = new ArrayList<>();
        int coveredUntil = -1;
        for (int start : MarkupText.startTags(html, tag, attributeText, from)) {
            if (outermostOnly && start < coveredUntil) {
                continue;
            }
            int end = start + RankBlockFinder.cut(html, start).html().length();
            ranges.add(new int[] {start, end});
            coveredUntil = Math.max(coveredUntil, end);
        }
        return ranges;
    }

    /** The HTML without the given ranges (sorted, not overlapping). */
    private static String without(String html, List<int[]> ranges) {
        if (ranges.isEmpty()) {
            return html;
        }
        StringBuilder out = new StringBuilder(html.length());
        int at = 0;
        for (int[] range : ranges) {
            if (range[0] >= at) {
                out.append(html, at, range[0]).append(' ');
                at = range[1];
            }
        }
        return out.append(html, Math.min(at, html.length()), html.length()).toString();
    }

    private static Entry readMainText(String html, boolean complete) {
        String text = MarkupText.text(html);
        RankNumbers.LeadingRank rank = RankNumbers.leading(text);
        if (rank == null) {
            // A label written as bare text: retry after its colon.
            int colon = firstColon(text);
            String afterLabel = colon < 0 ? text : text.substring(colon + 1);
            rank = RankNumbers.leading(afterLabel);
            if (rank == null) {
                RankNumbers.LeadingRank categoryFirst = RankNumbers.categoryFirst(afterLabel);
                return categoryFirst == null ? null : new Entry(categoryFirst.rest(),
                        nodeIdOfFirst(bestSellersLinks(html)), null, categoryFirst.rank(), true);
            }
        }
        return mainLikeEntry(rank, bestSellersLinks(html), complete);
    }

    private static String nodeIdOfFirst(List<MarkupText.Link> links) {
        return links.isEmpty() ? null : BestSellersNode.fromHref(links.get(0).href());
    }

    private static int firstColon(String text) {
        for (int i = 0; i < Math.min(text.length(), MAX_LABEL_CHARS); i++) {
            char c = text.charAt(i);
            if (c == ':' || c == '\uff1a') {
                return i;
            }
        }
        return -1;
    }

    private static Entry readEntry(String html, boolean complete) {
        RankNumbers.LeadingRank rank = RankNumbers.leading(MarkupText.text(html));
        if (rank == null) {
            return null;
        }
        List<MarkupText.Link> links = bestSellersLinks(html);
        if (!links.isEmpty()) {
            MarkupText.Link lastLink = links.get(links.size() - 1);
            String category = lastLink.text();
            if (!category.isEmpty() && category.length() <= MAX_LABEL_CHARS && rank.rest().endsWith(category)) {
                String ladder = rank.rest().contains(">") || rank.rest().contains("›") ? rank.rest() : null;
                return new Entry(category, BestSellersNode.fromHref(lastLink.href()), ladder, rank.rank(), false);
            }
        }
        return mainLikeEntry(rank, links, complete);
    }

    /** "1,234 in Books (See Top 100 in Books)": the category is the text before the link's "(". */
    private static Entry mainLikeEntry(RankNumbers.LeadingRank rank, List<MarkupText.Link> links, boolean complete) {
        String rest = rank.rest();
        String nodeId = null;
        String category = rest;
        if (!links.isEmpty()) {
            MarkupText.Link link = links.get(0);
            nodeId = BestSellersNode.fromHref(link.href());
            int linkAt = link.text().isEmpty() ? -1 : rest.indexOf(link.text());
            int paren = linkAt < 0 ? -1 : rest.lastIndexOf('(', linkAt);
            if (paren > 0) {
                category = rest.substring(0, paren);
            } else if (!complete) {
                return null;
            }
        } else {
            int paren = rest.indexOf(" (");
            if (paren > 0) {
                category = rest.substring(0, paren);
            } else if (!complete) {
                // Without the "(See Top 100" part the category itself may be cut.
                return null;
            }
        }
        category = category.trim();
        if (category.isEmpty() || category.length() > MAX_LABEL_CHARS) {
            return null;
        }
        return new Entry(category, nodeId, null, rank.rank(), true);
    }

    private static List<MarkupText.Link> bestSellersLinks(String html) {
        List<MarkupText.Link> links = MarkupText.links(html);
        List<MarkupText.Link> bestSellers = new ArrayList<>();
        for (MarkupText.Link link : links) {
            if (BestSellersNode.isBestSellersLink(link.href())) {
                bestSellers.add(link);
            }
        }
        return bestSellers.isEmpty() ? links : bestSellers;
    }

    /** One rank as read, before it is known whether it is the page's main rank. */
    private record Entry(String category, String nodeId, String ladder, long rank, boolean mainLike) {

        CategoryRank toRank(boolean main) {
            return new CategoryRank(category, nodeId, ladder, rank, main);
        }
    }
}
