package io.rankkeeper.fetch;

import java.net.URI;
import java.util.Locale;

/**
 * Names the server a URL goes to, for politeness and backoff: the lower-case host, with the
 * port when it is not the scheme's default (another port is another server). Stateless.
 */
final class HostKey {

    private HostKey() {
    }

    /** The host key of {@code url}, or "" when it has no host (such a URL fails to fetch). */
    static String of(URI url) {
        String host = url.getHost();
        if (host == null) {
            return "";
        }
        host = host.toLowerCase(Locale.ROOT);
        int port = url.getPort();
        return port == -1 || port == defaultPort(url.getScheme()) ? host : host + ":" + port;
    }

    /** scheme://host[:port], the scope of one robots.txt, or null when the URL has no host. */
    static String origin(URI url) {
        if (url.getHost() == null || url.getScheme() == null) {
            return null;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (port == -1 || port == defaultPort(scheme) ? "" : ":" + port);
    }

    private static int defaultPort(String scheme) {
        if ("http".equalsIgnoreCase(scheme)) {
            return 80;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : -1;
    }
}
