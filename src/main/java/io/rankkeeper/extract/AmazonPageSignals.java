package io.rankkeeper.extract;

import io.rankkeeper.model.PageView;

/**
 * Cheap facts about an Amazon page read with marker searches: is it a robot check or
 * the "dogs" error page, is it a product page, and its title. No parse of the page. Stateless,
 * thread-safe.
 */
final class AmazonPageSignals {

    /** Markers only Amazon's robot check carries (the form, its input, its script host). */
    private static final String[] ROBOT_CHECK_MARKERS = {
        "/errors/validateCaptcha",
        "captchacharacters",
        "opfcaptcha",
        "Enter the characters you see below",
        "Type the characters you see in this image",
        "Robot Check</title>",
    };

    /** The robot check's form and input: never on a product page, so checked on every page without a rank. */
    static final String[] ROBOT_CHECK_FORM_MARKERS = {"/errors/validateCaptcha", "captchacharacters"};

    /** Markers of the 503 "dogs of Amazon" page. */
    private static final String[] ERROR_PAGE_MARKERS = {
        "Sorry! Something went wrong!",
        "api-services-support@amazon.com",
    };

    /** Markers of a product detail page, current and legacy. */
    private static final String[] PRODUCT_MARKERS = {
        "id=\"productTitle\"",
        "id=\"btAsinTitle\"",
        "id=\"dp\"",
        "id=\"dp-container\"",
        "id=\"ASIN\"",
        "name=\"ASIN\"",
        "id='productTitle'",
        "name='ASIN'",
    };

    private static final int MAX_TITLE_SCAN = 4096;

    private static final String PRODUCT_TITLE = "id=\"productTitle\"";
    private static final String LEGACY_TITLE = "id=\"btAsinTitle\"";

    private AmazonPageSignals() {
    }

    /**
     * Why the page is an anti-bot page, or null when it is not one. Call it only for pages that
     * are not product pages: a product page is never a robot check, and its scripts may mention
     * the support address.
     */
    static String blockedReason(String html) {
        return blockedReason(PageView.ofText(html));
    }

    /** As {@link #blockedReason(String)} on a view of the page. */
    static String blockedReason(PageView html) {
        for (String marker : ROBOT_CHECK_MARKERS) {
            if (MarkerSearch.contains(html, marker)) {
                return "robot check page (" + marker + ")";
            }
        }
        for (String marker : ERROR_PAGE_MARKERS) {
            if (MarkerSearch.contains(html, marker)) {
                return "Amazon error page for automated access (" + marker + ")";
            }
        }
        return null;
    }

    static boolean isProductPage(PageView html) {
        for (String marker : PRODUCT_MARKERS) {
            if (MarkerSearch.contains(html, marker)) {
                return true;
            }
        }
        return false;
    }

    /** Where the item's title element is ({@code #productTitle}, else {@code #btAsinTitle}), or -1. */
    static int titlePosition(PageView html) {
        // The first long scan of every page: see MarkerSearch for why not indexOf.
        int at = MarkerSearch.indexOf(html, PRODUCT_TITLE, 0);
        return at >= 0 ? at : MarkerSearch.indexOf(html, LEGACY_TITLE, 0);
    }

    /**
     * The item's title: the text of the element at {@code titlePosition} when there is one, else
     * the page's {@code <title>}; null when neither has text.
     */
    static String title(PageView page, int titlePosition) {
        String title = titlePosition < 0 ? null : textAt(page, titlePosition);
        return title != null ? title : textAfterMarker(page, "<title");
    }

    /**
     * The text from the end of the start tag that holds {@code marker} up to the next tag; a
     * legacy title's "[Hardcover]" sits in a nested span and is left out on purpose.
     */
    static String textAfterMarker(String html, String marker) {
        return textAfterMarker(PageView.ofText(html), marker);
    }

    /** As {@link #textAfterMarker(String, String)} on a view; {@code marker} must be ASCII. */
    private static String textAfterMarker(PageView page, String marker) {
        int at = MarkerSearch.indexOf(page, marker, 0);
        return at < 0 ? null : textAt(page, at);
    }

    /** The text after the start tag at {@code at}, read with the page's charset. */
    private static String textAt(PageView page, int at) {
        int open = page.indexOf('>', at);
        if (open < 0 || open - at > MAX_TITLE_SCAN) {
            return null;
        }
        int close = page.indexOf('<', open + 1);
        if (close < 0 || close - open > MAX_TITLE_SCAN) {
            return null;
        }
        String text = MarkupText.collapseWhitespace(MarkupText.unescape(page.read(page.substring(open + 1, close))));
        return text.isEmpty() ? null : text;
    }
}
