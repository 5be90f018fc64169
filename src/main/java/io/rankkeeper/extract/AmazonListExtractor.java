package io.rankkeeper.extract;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Outcome;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the position of one ASIN on an Amazon Best Sellers list page ({@code /gp/bestsellers/...},
 * {@code /zgbs/...}): the "#N" badge of the item whose link is {@code /dp/ASIN}, else its
 * {@code p13n-asin-index}, else its order among the list's items. Works on the raw text with
 * {@code indexOf}; no parse of the page. Immutable, thread-safe.
 */
final class AmazonListExtractor implements Extractor {

    static final String NAME = "amazon-list";
    static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(AmazonListExtractor.class);

    /**
     * Markers of a best-sellers list, current (2021 on) and older layouts; each sits at or just
     * before the first item, so the first one found marks where the list starts.
     */
    private static final List<String> LIST_MARKERS = List.of(
            "zg-bdg-text", "zg-badge-text", "p13n-asin-index-", "zg-item-immersion", "zg_itemImmersion",
            "zg_rankNumber", "zg-ordered-list", "zg-grid-general-faceout");

    /** How far before its marker the first item's card may start. */
    private static final int LIST_START_MARGIN = 8 * 1024;

    /** Elements whose text is the item's position ("#1", "1."). */
    private static final List<String> BADGES = List.of("zg-bdg-text", "zg-badge-text", "zg_rankNumber");

    private static final String ASIN_INDEX = "p13n-asin-index-";

    /** How far before the item's link its badge may be. */
    private static final int MAX_BADGE_DISTANCE = 8 * 1024;

    private static final int ASIN_LENGTH = 10;

    private static final Pattern HEADING_PREFIX = Pattern.compile(
            "^(?i:amazon\\s+)?(?i:best\\s?sellers?|bestseller|meilleures ventes|los más vendidos|más vendidos"
                    + "|mais vendidos|i più venduti|bestsellers)\\s*(?i:in|en|em|dans|in der kategorie|na)?\\s*:?\\s*");

    private static final String DEFAULT_CATEGORY = "Best Sellers";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public Extraction extract(String html, URI pageUrl, String itemId) {
        try {
            return read(html, pageUrl, itemId);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.debug("amazon-list extractor failed on {}", pageUrl, e);
            return Extraction.failed(Outcome.LAYOUT_CHANGED, null, "extractor error: " + e);
        }
    }

    private static Extraction read(String html, URI pageUrl, String itemId) {
        if (html == null || html.isBlank()) {
            return Extraction.failed(Outcome.LAYOUT_CHANGED, null, "empty page");
        }
        int marker = firstFound(html, LIST_MARKERS);
        if (marker < 0) {
            // A list page is not a product page, so the robot check test is safe here.
            String blocked = AmazonPageSignals.blockedReason(html);
            return blocked != null
                    ? Extraction.failed(Outcome.BLOCKED, null, blocked)
                    : Extraction.failed(Outcome.LAYOUT_CHANGED, null, "not an Amazon Best Sellers list page");
        }
        if (itemId == null || itemId.isBlank()) {
            return Extraction.failed(Outcome.LAYOUT_CHANGED, null, "no ASIN to look for on the list");
        }
        int listStart = Math.max(0, marker - LIST_START_MARGIN);
        String asin = itemId.trim().toUpperCase(Locale.ROOT);
        int item = firstOf(html, List.of("/dp/" + asin, "/product/" + asin, "data-asin=\"" + asin + "\""), listStart);
        if (item < 0) {
            return Extraction.failed(Outcome.NOT_RANKED, null, asin + " is not on the list");
        }
        long rank = badgeRank(html, item, listStart, asin);
        if (rank < 1) {
            rank = indexRank(html, item, listStart);
        }
        if (rank < 1) {
            rank = orderRank(html, item, listStart, asin);
        }
        if (rank < 1) {
            return Extraction.failed(Outcome.LAYOUT_CHANGED, null, asin + " is on the list but its position is unreadable");
        }
        String path = pageUrl == null ? null : pageUrl.getRawPath();
        CategoryRank categoryRank = new CategoryRank(category(html), BestSellersNode.fromHref(path), null, rank, true);
        return Extraction.ok(null, List.of(categoryRank));
    }

    /** The "#N" badge before the item's link, if no other item's link lies between them. */
    private static long badgeRank(String html, int item, int listStart, String asin) {
        int badge = -1;
        for (String marker : BADGES) {
            badge = Math.max(badge, html.lastIndexOf(marker, item));
        }
        if (badge < listStart || item - badge > MAX_BADGE_DISTANCE) {
            return -1;
        }
        // The first link after the badge must be the item's own; else the badge is another item's.
        int firstLink = html.indexOf("/dp/", badge);
        if (firstLink >= 0 && firstLink < item && !html.startsWith(asin, firstLink + 4)) {
            return -1;
        }
        int open = html.indexOf('>', badge);
        int close = open < 0 ? -1 : html.indexOf('<', open);
        if (close < 0 || close - open > 64) {
            return -1;
        }
        RankNumbers.LeadingRank rank = RankNumbers.leading(
                MarkupText.collapseWhitespace(html.substring(open + 1, close)));
        return rank == null ? -1 : rank.rank();
    }

    /** {@code id="p13n-asin-index-N"} on the item's card: position N + 1. */
    private static long indexRank(String html, int item, int listStart) {
        int at = html.lastIndexOf(ASIN_INDEX, item);
        if (at < listStart || item - at > MAX_BADGE_DISTANCE) {
            return -1;
        }
        int from = at + ASIN_INDEX.length();
        int end = from;
        while (end < html.length() && end - from < 6 && Character.isDigit(html.charAt(end))) {
            end++;
        }
        return end == from ? -1 : RankNumbers.digitsOnly(html.substring(from, end)) + 1;
    }

    /** The item's order among the distinct ASINs linked on the list before it. */
    private static long orderRank(String html, int item, int listStart, String asin) {
        Set<String> before = new HashSet<>();
        int at = html.indexOf("/dp/", listStart);
        while (at >= 0 && at < item) {
            int end = at + 4 + ASIN_LENGTH;
            if (end <= html.length()) {
                String other = html.substring(at + 4, end);
                if (!other.equals(asin)) {
                    before.add(other);
                }
            }
            at = html.indexOf("/dp/", at + 4);
        }
        return before.size() + 1L;
    }

    /** The category from the page heading ("Best Sellers in Books" gives "Books"). */
    static String category(String html) {
        String heading = AmazonPageSignals.textAfterMarker(html, "class=\"category\"");
        if (heading == null) {
            heading = AmazonPageSignals.textAfterMarker(html, "class=\"zg_selected\"");
        }
        if (heading == null) {
            heading = AmazonPageSignals.textAfterMarker(html, "id=\"zg_banner_text\"");
        }
        if (heading == null) {
            heading = AmazonPageSignals.textAfterMarker(html, "<h1");
        }
        if (heading == null) {
            return DEFAULT_CATEGORY;
        }
        String category = HEADING_PREFIX.matcher(heading).replaceFirst("").trim();
        return category.isEmpty() ? DEFAULT_CATEGORY : category;
    }

    /** The position of the first of {@code markers} (in list order) the page holds, or -1. */
    private static int firstFound(String html, List<String> markers) {
        for (String marker : markers) {
            int at = html.indexOf(marker);
            if (at >= 0) {
                return at;
            }
        }
        return -1;
    }

    private static int firstOf(String html, List<String> markers, int from) {
        int first = -1;
        for (String marker : markers) {
            int at = html.indexOf(marker, from);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
