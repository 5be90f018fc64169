package io.rankkeeper.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * Just enough HTML reading for a small cut-out block: its text (tags dropped, entities decoded,
 * whitespace collapsed), its links, and removing elements by their start tag. A jsoup parse
 * costs about 0.1 ms even for a 300-byte fragment (buffers set up per parse), which is the
 * whole budget for a page, hence this. Stateless, thread-safe.
 */
final class MarkupText {

    private static final int MAX_ENTITY_CHARS = 32;

    private static final Pattern HREF = Pattern.compile(
            "\\shref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))", Pattern.CASE_INSENSITIVE);

    private static final String[] INVISIBLE_ELEMENTS = {"script", "style", "noscript"};

    private MarkupText() {
    }

    /** A link in a block: its href (entities decoded) and its text. */
    record Link(String href, String text) {
    }

    /**
     * The visible text of a piece of HTML in one pass: tags, comments and script or style
     * content dropped, character references decoded, whitespace collapsed, trimmed.
     */
    static String text(String html) {
        StringBuilder out = new StringBuilder(Math.min(html.length(), 256));
        boolean space = false;
        int length = html.length();
        int at = 0;
        while (at < length) {
            char c = html.charAt(at);
            if (c == '<' && at + 1 < length) {
                int skipTo = skipMarkup(html, at);
                if (skipTo > at) {
                    // As in a browser: a block tag separates words, an inline tag does not.
                    space |= out.length() > 0 && !isInlineTag(html, at);
                    at = skipTo;
                    continue;
                }
            }
            if (c == '&') {
                int semicolon = html.indexOf(';', at + 1);
                String decoded = semicolon > at + 1 && semicolon - at <= MAX_ENTITY_CHARS
                        ? decode(html.substring(at + 1, semicolon)) : null;
                if (decoded != null) {
                    for (int i = 0; i < decoded.length(); i++) {
                        space = appendCollapsed(out, decoded.charAt(i), space);
                    }
                    at = semicolon + 1;
                    continue;
                }
            }
            space = appendCollapsed(out, c, space);
            at++;
        }
        return out.toString();
    }

    private static final List<String> INLINE_TAGS = List.of(
            "a", "b", "i", "u", "em", "strong", "span", "font", "nobr", "small", "sup", "sub", "abbr", "bdi");

    private static boolean isInlineTag(String html, int at) {
        int from = at + 1;
        if (from < html.length() && html.charAt(from) == '/') {
            from++;
        }
        for (String tag : INLINE_TAGS) {
            int end = from + tag.length();
            if (html.regionMatches(true, from, tag, 0, tag.length())
                    && (end >= html.length() || !Character.isLetterOrDigit(html.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    /** Appends {@code c}, or notes a pending space; returns whether a space is pending. */
    private static boolean appendCollapsed(StringBuilder out, char c, boolean space) {
        if (c <= ' ' || c == '\u00a0' || (c > '\u007f' && Character.isWhitespace(c))) {
            return out.length() > 0 || space;
        }
        if (space && out.length() > 0) {
            out.append(' ');
        }
        out.append(c);
        return false;
    }

    /** Where the tag, comment or invisible element at {@code at} ends, or {@code at} for a plain "<". */
    private static int skipMarkup(String html, int at) {
        char next = html.charAt(at + 1);
        if (html.startsWith("<!--", at)) {
            int end = html.indexOf("-->", at + 4);
            return end < 0 ? html.length() : end + 3;
        }
        if (!(Character.isLetter(next) || next == '/' || next == '!' || next == '?')) {
            return at;
        }
        for (String name : INVISIBLE_ELEMENTS) {
            if (html.regionMatches(true, at + 1, name, 0, name.length())
                    && (at + 1 + name.length() >= html.length() || isTagNameEnd(html.charAt(at + 1 + name.length())))) {
                int close = indexOfIgnoreCase(html, "</" + name, at + 1);
                if (close < 0) {
                    return html.length();
                }
                int end = html.indexOf('>', close);
                return end < 0 ? html.length() : end + 1;
            }
        }
        int end = html.indexOf('>', at);
        return end < 0 ? html.length() : end + 1;
    }

    /** The first "<..." at or after {@code from} matching {@code text} (which starts with "<"), any case. */
    private static int indexOfIgnoreCase(String html, String text, int from) {
        int at = html.indexOf('<', from);
        while (at >= 0) {
            if (html.regionMatches(true, at, text, 0, text.length())) {
                return at;
            }
            at = html.indexOf('<', at + 1);
        }
        return -1;
    }

    /** The text of a character reference without its "&" and ";", or null when it is none. */
    private static String decode(String name) {
        if (name.charAt(0) == '#') {
            boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
            String digits = name.substring(hex ? 2 : 1);
            if (digits.isEmpty() || digits.length() > 7) {
                return null;
            }
            int codePoint;
            try {
                codePoint = Integer.parseInt(digits, hex ? 16 : 10);
            } catch (NumberFormatException e) {
                return null;
            }
            return Character.isValidCodePoint(codePoint) && codePoint != 0
                    ? new String(Character.toChars(codePoint)) : "\ufffd";
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isLetterOrDigit(name.charAt(i))) {
                return null;
            }
        }
        String decoded = Entities.getByName(name);
        return decoded == null || decoded.isEmpty() ? null : decoded;
    }

    /** Every {@code <a href>} in the HTML, in order. */
    static List<Link> links(String html) {
        List<Link> links = new ArrayList<>();
        for (int start : startTags(html, "a", null, 0)) {
            int open = html.indexOf('>', start);
            if (open < 0) {
                break;
            }
            Matcher href = HREF.matcher(html.substring(start + 2, open));
            if (!href.find()) {
                continue;
            }
            String value = href.group(1) != null ? href.group(1)
                    : href.group(2) != null ? href.group(2) : href.group(3);
            int close = indexOfIgnoreCase(html, "</a", open);
            String inner = html.substring(open + 1, close < 0 ? html.length() : close);
            links.add(new Link(unescape(value), text(inner)));
        }
        return links;
    }

    /** Decodes character references; unknown names stay as written. */
    static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '&') {
                int semicolon = text.indexOf(';', at + 1);
                if (semicolon > at + 1 && semicolon - at <= MAX_ENTITY_CHARS) {
                    String decoded = decode(text.substring(at + 1, semicolon));
                    if (decoded != null) {
                        out.append(decoded);
                        at = semicolon + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            at++;
        }
        return out.toString();
    }

    /** Collapses runs of whitespace (no-break spaces included) to one space and trims. */
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

    /**
     * The start positions of the {@code <tag} start tags in {@code html} from {@code from} on whose
     * start tag contains {@code attributeText} (or any, when it is null).
     */
    static List<Integer> startTags(String html, String tag, String attributeText, int from) {
        List<Integer> starts = new ArrayList<>();
        String open = "<" + tag;
        int at = html.indexOf(open, from);
        while (at >= 0) {
            int nameEnd = at + open.length();
            if (nameEnd >= html.length() || isTagNameEnd(html.charAt(nameEnd))) {
                int close = html.indexOf('>', nameEnd);
                if (attributeText == null || containsIgnoreCase(html, attributeText, nameEnd, close < 0 ? html.length() : close)) {
                    starts.add(at);
                }
            }
            at = html.indexOf(open, at + 1);
        }
        return starts;
    }

    private static boolean containsIgnoreCase(String html, String text, int from, int to) {
        for (int at = from; at + text.length() <= to; at++) {
            if (html.regionMatches(true, at, text, 0, text.length())) {
                return true;
            }
        }
        return false;
    }

    static boolean isTagNameEnd(char c) {
        return c == '>' || c == '/' || Character.isWhitespace(c);
    }
}
