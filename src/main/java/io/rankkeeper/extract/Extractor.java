package io.rankkeeper.extract;

import io.rankkeeper.model.PageView;
import java.net.URI;

/**
 * Reads ranks from one page. Pure: HTML and its URL in, an {@link Extraction} out; no network,
 * no clock, no database; never throws on any input. Implementations are immutable and
 * thread-safe.
 */
public interface Extractor {

    /** The name stored with each observation ("amazon"). */
    String name();

    /** Bumped whenever a change could read a different result from the same page. */
    int version();

    /**
     * Reads the page.
     *
     * @param html the decoded body
     * @param pageUrl the URL the page came from (base for links, marketplace)
     * @param itemId the item to find on a list page (an ASIN), or null
     * @return OK with ranks, NOT_RANKED, BLOCKED or LAYOUT_CHANGED
     */
    Extraction extract(String html, URI pageUrl, String itemId);

    /**
     * Reads the page from a view of its bytes (see {@link PageView}); the same result as
     * {@link #extract(String, URI, String)} on the decoded page. By default the page is decoded
     * whole first; an extractor that reads only parts of the page decodes only those.
     */
    default Extraction extractView(PageView page, URI pageUrl, String itemId) {
        return extract(page.text(), pageUrl, itemId);
    }

    /**
     * True when {@link #extractView} reads only parts of the page, so that handing it the page's
     * bytes saves work; false when it needs the whole text anyway (then decode the bytes directly).
     */
    default boolean readsParts() {
        return false;
    }
}
