package io.rankkeeper.extract;

import org.jsoup.parser.Parser;

/**
 * Cheap facts about an Amazon page read with {@link String#indexOf}: is it a robot check or
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
        "<title>Robot Check</title>",
        "Robot Check</title>",
    };

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

    private AmazonPageSignals() {
    }

    /** Why the page is an anti-bot page, or null when it is not one. */
    static String blockedReason(String html) {
        for (String marker : ROBOT_CHECK_MARKERS) {
            if (html.contains(marker)) {
                return "robot check page (" + marker + ")";
            }
        }
        // The dogs page has no product markers; a product page never says "Something went wrong".
        for (String marker : ERROR_PAGE_MARKERS) {
            if (html.contains(marker) && !isProductPage(html)) {
                return "Amazon error page for automated access (" + marker + ")";
            }
        }
        return null;
    }

    static boolean isProductPage(String html) {
        for (String marker : PRODUCT_MARKERS) {
            if (html.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** The item's title from {@code #productTitle}, {@code #btAsinTitle} or {@code <title>}, or null. */
    static String title(String html) {
        String title = textAfterMarker(html, "id=\"productTitle\"");
        if (title == null) {
            title = textAfterMarker(html, "id=\"btAsinTitle\"");
        }
        if (title == null) {
            title = textAfterMarker(html, "<title");
        }
        return title;
    }

    /**
     * The text from the end of the start tag that holds {@code marker} up to the next tag; a
     * legacy title's "[Hardcover]" sits in a nested span and is left out on purpose.
     */
    static String textAfterMarker(String html, String marker) {
        int at = html.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int open = html.indexOf('>', at);
        if (open < 0 || open - at > MAX_TITLE_SCAN) {
            return null;
        }
        int close = html.indexOf('<', open + 1);
        if (close < 0 || close - open > MAX_TITLE_SCAN) {
            return null;
        }
        String text = collapseWhitespace(Parser.unescapeEntities(html.substring(open + 1, close), false));
        return text.isEmpty() ? null : text;
    }

    static String collapseWhitespace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00a0') {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
