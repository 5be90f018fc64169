package io.rankkeeper.extract;

/**
 * The raw HTML of one element cut out of a page, from its start tag to its matching end tag.
 *
 * @param tag the element's tag name, lower case ("li", "tr")
 * @param html the element's markup
 * @param complete false when the matching end tag was not found (the page or the window ended)
 */
record RankBlock(String tag, String html, boolean complete) {
}
