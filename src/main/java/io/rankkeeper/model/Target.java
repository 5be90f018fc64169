package io.rankkeeper.model;

import java.net.URI;
import java.util.Objects;

/**
 * One tracked item, as the config describes it.
 *
 * @param key stable key from the config, unique across all groups ("amazon.com/0132269937")
 * @param group the name of the group the target belongs to
 * @param url the page to fetch (absolute http or https)
 * @param label a human name, or null
 * @param itemId the item to look for on a list page (an ASIN for amazon-list), or null
 */
public record Target(String key, String group, URI url, String label, String itemId) {

    public Target {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(url, "url");
        if (key.isBlank()) {
            throw new IllegalArgumentException("target key must not be blank");
        }
        if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("target url must be absolute http or https: " + url);
        }
    }

    /** The host name, lower case, used for politeness and for the marketplace of categories. */
    public String host() {
        return url.getHost().toLowerCase(java.util.Locale.ROOT);
    }

    /** The marketplace of the target's categories: the host without a leading "www.". */
    public String marketplace() {
        String host = host();
        return host.startsWith("www.") ? host.substring(4) : host;
    }
}
