package io.rankkeeper.extract;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.PageView;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every Best Sellers Rank from an Amazon product detail page of any marketplace and any
 * layout seen since 2010 (legacy {@code #SalesRank}, product details table, detail bullets).
 * The page is never parsed whole: the rank block is located with {@code indexOf} and only that
 * block is parsed, which keeps a 1 MB page well under a millisecond. Immutable, thread-safe.
 */
final class AmazonExtractor implements Extractor {

    static final String NAME = "amazon";
    /** 2: a page cut short before any rank is LAYOUT_CHANGED, no longer NOT_RANKED. */
    static final int VERSION = 2;

    private static final Logger LOG = LoggerFactory.getLogger(AmazonExtractor.class);

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
        return extractView(PageView.ofText(html == null ? "" : html), pageUrl, itemId);
    }

    @Override
    public boolean readsParts() {
        return true;
    }

    /** Searches the view for markers and reads only the rank block and the title with the page's charset. */
    @Override
    public Extraction extractView(PageView page, URI pageUrl, String itemId) {
        try {
            return read(page);
        } catch (RuntimeException | StackOverflowError e) {
            // Never throw on a page: an unreadable page is a layout change, with the evidence kept.
            LOG.debug("amazon extractor failed on {}", pageUrl, e);
            return Extraction.failed(Outcome.LAYOUT_CHANGED, null, "extractor error: " + e);
        }
    }

    private static Extraction read(PageView page) {
        if (page.isBlank()) {
            return Extraction.failed(Outcome.LAYOUT_CHANGED, null, "empty page");
        }
        // The rank block comes after the title on every layout seen, so the search starts there
        // and each byte before it is scanned once; the part before is searched only on a miss.
        int titleAt = AmazonPageSignals.titlePosition(page);
        RankBlockFinder.Search<List<CategoryRank>> search =
                RankBlockFinder.search(page, Math.max(titleAt, 0), RankBlockReader::read);
        if (search.value() != null) {
            return Extraction.ok(AmazonPageSignals.title(page, titleAt), search.value());
        }
        if (titleAt < 0 && !AmazonPageSignals.isProductPage(page)) {
            String blocked = AmazonPageSignals.blockedReason(page);
            return blocked != null
                    ? Extraction.failed(Outcome.BLOCKED, null, blocked)
                    : Extraction.failed(Outcome.LAYOUT_CHANGED, null, "not an Amazon product page");
        }
        for (String marker : AmazonPageSignals.ROBOT_CHECK_FORM_MARKERS) {
            if (MarkerSearch.contains(page, marker)) {
                // Whatever else the page holds, a captcha form means we were not shown the page.
                return Extraction.failed(Outcome.BLOCKED, null, "robot check form on the page (" + marker + ")");
            }
        }
        String title = AmazonPageSignals.title(page, titleAt);
        if (search.blocksSeen() > 0) {
            return Extraction.failed(Outcome.LAYOUT_CHANGED, title,
                    "a rank block was found but no rank could be read from it");
        }
        if (!isWhole(page)) {
            // A page cut short says nothing about the rank it would have shown: "no rank" would be
            // a false fact in the history. The fetcher hands over such pages as they came (a server
            // that closes early, a compressed stream that ends early).
            return Extraction.failed(Outcome.LAYOUT_CHANGED, title,
                    "the page ends before </html> (cut short?) and shows no rank");
        }
        return Extraction.failed(Outcome.NOT_RANKED, title, "no Best Sellers Rank on the page");
    }

    /** Whether the page reaches its end tag; every Amazon page seen since 2010 has one. */
    private static boolean isWhole(PageView html) {
        return html.lastIndexOf("</html", html.length()) >= 0 || html.lastIndexOf("</HTML", html.length()) >= 0;
    }
}
