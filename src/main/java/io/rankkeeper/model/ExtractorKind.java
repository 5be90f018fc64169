package io.rankkeeper.model;

import java.util.Locale;

/** The kinds of extractor a group can use; the config name is the lower-case, dashed form. */
public enum ExtractorKind {
    /** Amazon product detail pages: every Best Sellers Rank on the page. */
    AMAZON("amazon"),
    /** Amazon Best Sellers list pages: the position of the target's ASIN on the list. */
    AMAZON_LIST("amazon-list"),
    /** Any site: a CSS selector, an optional regex with one group and a grouping separator. */
    CSS("css");

    private final String configName;

    ExtractorKind(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The kind for a config name such as {@code amazon-list}, or null when there is none. */
    public static ExtractorKind fromConfigName(String name) {
        for (ExtractorKind kind : values()) {
            if (kind.configName.equals(name.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        return null;
    }
}
