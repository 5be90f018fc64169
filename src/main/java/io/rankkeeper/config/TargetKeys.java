package io.rankkeeper.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks target URLs and derives a target's default key from its URL. Stateless. */
final class TargetKeys {

    /** The item id in Amazon product URLs, wherever the slug and ref parts put it. */
    private static final Pattern AMAZON_ITEM = Pattern.compile("/(?:dp|gp/product|gp/aw/d|product-reviews)/([A-Za-z0-9]{10})(?:[/?]|$)");
    static final String URL_HINT = "use an absolute http or https URL such as https://www.amazon.com/dp/0132269937";

    private TargetKeys() {
    }

    static URI url(String text) throws InvalidValue {
        URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new InvalidValue("\"" + text + "\" is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "); " + URL_HINT + " (write spaces as %20)");
        }
        if (!url.isAbsolute()) {
            throw new InvalidValue("\"" + text + "\" is a relative URL; " + URL_HINT);
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new InvalidValue("\"" + text + "\" has the scheme \"" + url.getScheme() + "\"; "
                    + URL_HINT + " (lower-case scheme)");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new InvalidValue("\"" + text + "\" has no host name; " + URL_HINT);
        }
        return url;
    }

    /** The marketplace of a URL: its host, lower case, without a leading "www.". */
    static String marketplace(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    /**
     * {@code marketplace/id}: the Amazon item id when the URL has one, else the last path
     * segment; with an {@code itemId} (a list page) that id is appended, so each item on one
     * list gets its own key.
     */
    static String derive(URI url, String itemId) throws InvalidValue {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        Matcher amazon = AMAZON_ITEM.matcher(path);
        String id;
        if (amazon.find()) {
            id = amazon.group(1);
        } else {
            String trimmed = path.replaceAll("/+$", "");
            id = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        }
        if (id.isEmpty()) {
            throw new InvalidValue("cannot derive a key from \"" + url + "\" (it has no path); add key: with a stable "
                    + "name such as " + marketplace(url) + "/home");
        }
        return marketplace(url) + "/" + id + (itemId == null ? "" : "/" + itemId);
    }
}
