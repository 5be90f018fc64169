package io.rankkeeper.extract;

/**
 * The best-sellers node id in an Amazon category link: {@code /gp/bestsellers/books/285856/ref=x}
 * gives "285856"; a top-level link such as {@code /gp/bestsellers/books/ref=x} or
 * {@code /best-sellers-books-Amazon/zgbs/books} gives its path word, "books". Stateless.
 */
final class BestSellersNode {

    private static final String[] MARKERS = {"/bestsellers/", "/zgbs/"};

    private BestSellersNode() {
    }

    /** True when the link points into a best-sellers list. */
    static boolean isBestSellersLink(String href) {
        return href != null && (href.contains(MARKERS[0]) || href.contains(MARKERS[1]));
    }

    /** The node id of a best-sellers link or path, or null when it is not one. */
    static String fromHref(String href) {
        if (href == null) {
            return null;
        }
        int start = -1;
        for (String marker : MARKERS) {
            int at = href.indexOf(marker);
            if (at >= 0) {
                start = at + marker.length();
                break;
            }
        }
        if (start < 0) {
            return null;
        }
        int end = href.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = href.indexOf(stop, start);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String word = null;
        for (String segment : href.substring(start, end).split("/")) {
            if (segment.isEmpty() || segment.startsWith("ref=")) {
                break;
            }
            if (word == null) {
                word = segment;
            } else if (segment.chars().allMatch(Character::isDigit)) {
                return segment;
            } else {
                break;
            }
        }
        return word;
    }
}
