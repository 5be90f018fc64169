package io.rankkeeper.extract;

import io.rankkeeper.model.CategoryRank;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Reads every rank in one cut-out rank block (see {@link RankBlockFinder}): the main rank
 * ("#1,234 in Books (See Top 100 in Books)") and each sub-category rank ("#12 in A > B > C",
 * the category being the last link). Parses only the block with jsoup. Stateless, thread-safe.
 */
final class RankBlockReader {

    /** Elements that hold one sub-category rank, in the layouts seen since 2010. */
    private static final String SUB_RANK_ENTRIES = "ul.zg_hrsr > li, li.zg_hrsr_item";

    /** Elements that hold the rank label rather than a rank. */
    private static final String LABELS = "b, strong, th, td.label, span.a-text-bold";

    private static final int MAX_LABEL_CHARS = 200;

    private RankBlockReader() {
    }

    /** The ranks in the block, main first; null when the block holds none. */
    static List<CategoryRank> read(RankBlock block) {
        Element root = parse(block);
        if (root == null) {
            return null;
        }
        root.select("script, style, noscript").remove();
        List<Element> entries = entries(root);
        List<Entry> parsed = new ArrayList<>();
        Element last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        for (Element element : entries) {
            // A block cut short by the end of the page: its last entry may be cut in the middle.
            if (!block.complete() && element == last) {
                continue;
            }
            Entry entry = readEntry(element, block.complete());
            if (entry != null) {
                parsed.add(entry);
            }
        }
        for (Element element : entries) {
            element.remove();
        }
        root.select(LABELS).remove();
        Entry mainEntry = readMainText(root, block.complete());

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

    private static Element parse(RankBlock block) {
        String wrapped;
        switch (block.tag()) {
            case "tr" -> wrapped = "<table><tbody>" + block.html() + "</tbody></table>";
            case "td", "th" -> wrapped = "<table><tbody><tr>" + block.html() + "</tr></tbody></table>";
            case "li" -> wrapped = "<ul>" + block.html() + "</ul>";
            default -> wrapped = block.html();
        }
        return Jsoup.parseBodyFragment(wrapped).body().selectFirst(block.tag());
    }

    /** The sub-rank entries: zg_hrsr items, else legacy table rows, else leaf spans with a rank. */
    private static List<Element> entries(Element root) {
        Set<Element> entries = new LinkedHashSet<>(root.select(SUB_RANK_ENTRIES));
        if (entries.isEmpty()) {
            entries.addAll(root.select("table tr"));
        }
        if (entries.isEmpty()) {
            for (Element span : root.select("span")) {
                if (span != root && span.select("span").size() == 1
                        && RankNumbers.leading(normalize(span.text())) != null) {
                    entries.add(span);
                }
            }
        }
        entries.remove(root);
        List<Element> outermost = new ArrayList<>();
        for (Element entry : entries) {
            if (entry.parents().stream().noneMatch(entries::contains)) {
                outermost.add(entry);
            }
        }
        return outermost;
    }

    private static Entry readMainText(Element root, boolean complete) {
        String text = normalize(root.text());
        RankNumbers.LeadingRank rank = RankNumbers.leading(text);
        if (rank == null) {
            // A label written as bare text: retry after its colon.
            int colon = firstColon(text);
            if (colon < 0) {
                return null;
            }
            rank = RankNumbers.leading(text.substring(colon + 1));
            if (rank == null) {
                return null;
            }
        }
        return mainLikeEntry(rank, bestSellersLinks(root), complete);
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

    private static Entry readEntry(Element element, boolean complete) {
        RankNumbers.LeadingRank rank = RankNumbers.leading(normalize(element.text()));
        if (rank == null) {
            return null;
        }
        List<Element> links = bestSellersLinks(element);
        if (!links.isEmpty()) {
            Element lastLink = links.get(links.size() - 1);
            String category = normalize(lastLink.text());
            if (!category.isEmpty() && rank.rest().endsWith(category)) {
                String ladder = rank.rest().contains(">") || rank.rest().contains("›") ? rank.rest() : null;
                return new Entry(category, BestSellersNode.fromHref(lastLink.attr("href")), ladder,
                        rank.rank(), false);
            }
        }
        return mainLikeEntry(rank, links, complete);
    }

    /** "1,234 in Books (See Top 100 in Books)": the category is the text before the link's "(". */
    private static Entry mainLikeEntry(RankNumbers.LeadingRank rank, List<Element> links, boolean complete) {
        String rest = rank.rest();
        String nodeId = null;
        String category = rest;
        if (!links.isEmpty()) {
            Element link = links.get(0);
            nodeId = BestSellersNode.fromHref(link.attr("href"));
            String linkText = normalize(link.text());
            int linkAt = linkText.isEmpty() ? -1 : rest.indexOf(linkText);
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

    private static List<Element> bestSellersLinks(Element element) {
        Elements links = element.select("a[href]");
        List<Element> bestSellers = new ArrayList<>();
        for (Element link : links) {
            if (BestSellersNode.isBestSellersLink(link.attr("href"))) {
                bestSellers.add(link);
            }
        }
        return bestSellers.isEmpty() ? links : bestSellers;
    }

    static String normalize(String text) {
        return AmazonPageSignals.collapseWhitespace(text);
    }

    /** One rank as read, before it is known whether it is the page's main rank. */
    private record Entry(String category, String nodeId, String ladder, long rank, boolean mainLike) {

        CategoryRank toRank(boolean main) {
            return new CategoryRank(category, nodeId, ladder, rank, main);
        }
    }
}
