package io.rankkeeper.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The project's own test pages (src/test/resources/fixtures). The committed files hold the
 * realistic markup of each page and {@code <!--NOISE-->} markers; the bulk that makes a real page
 * 300 KB to 1 MB (scripts, styles, widget markup) is generated here from a seed, so that the
 * extractor is tested on pages of real size without committing megabytes.
 */
final class Fixtures {

    static final String NOISE_MARKER = "<!--NOISE-->";

    /** Size of a padded page, about the median of the real pages. */
    static final int DEFAULT_PAGE_CHARS = 600 * 1024;

    private static final String[] WORDS = {
        "delivery", "Prime", "returns", "gift", "options", "customers", "viewed", "bought", "together",
        "sponsored", "related", "ratings", "paperback", "kindle", "edition", "audible", "sample", "cart",
        "wishlist", "seller", "fulfilled", "shipping", "details", "brand", "learn", "more", "free", "today",
    };

    private Fixtures() {
    }

    /** The raw committed file. */
    static String raw(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixture " + name, e);
        }
    }

    /** The page padded to about {@link #DEFAULT_PAGE_CHARS}. */
    static String page(String name) {
        return page(name, DEFAULT_PAGE_CHARS);
    }

    /** The page with its noise markers replaced by seeded noise, about {@code targetChars} long. */
    static String page(String name, int targetChars) {
        String raw = raw(name);
        String[] parts = raw.split(NOISE_MARKER, -1);
        int markers = parts.length - 1;
        if (markers == 0) {
            return raw;
        }
        int perMarker = Math.max(0, (targetChars - raw.length()) / markers);
        Random random = new Random(name.hashCode());
        // Real pages from most marketplaces hold characters beyond Latin-1 somewhere, which
        // changes how Java stores (and scans) the string; half of the pages get some.
        boolean wide = random.nextBoolean();
        StringBuilder page = new StringBuilder(targetChars + 1024);
        for (int i = 0; i < parts.length; i++) {
            page.append(parts[i]);
            if (i < markers) {
                appendNoise(page, perMarker, random, wide);
            }
        }
        return page.toString();
    }

    private static void appendNoise(StringBuilder out, int chars, Random random, boolean wide) {
        int end = out.length() + chars;
        int widget = 0;
        while (out.length() < end) {
            switch (random.nextInt(4)) {
                case 0 -> out.append("<script type=\"text/javascript\">\nP.when('A', 'ready').execute(function(A) {\n")
                        .append("  var cfg").append(widget).append(" = {\"widgetId\":\"w").append(random.nextInt(1_000_000))
                        .append("\",\"weblab\":\"AUI_").append(random.nextInt(99_999)).append("_T1\",\"ts\":")
                        .append(random.nextLong() & Long.MAX_VALUE).append("};\n  A.state('").append(word(random))
                        .append("State").append(widget).append("', cfg").append(widget)
                        .append(");\n  if (window.ue) { ue.count('").append(word(random)).append("', 1); }\n});\n</script>\n");
                case 1 -> {
                    out.append("<style type=\"text/css\">\n");
                    for (int rule = 0; rule < 8; rule++) {
                        out.append(".a-").append(word(random)).append('-').append(random.nextInt(999))
                                .append("{margin:0 ").append(random.nextInt(20)).append("px;padding:")
                                .append(random.nextInt(10)).append("px;color:#").append(Integer.toHexString(random.nextInt(0xffffff)))
                                .append("}\n");
                    }
                    out.append("</style>\n");
                }
                case 2 -> {
                    out.append("<div class=\"a-section a-spacing-small celwidget\" data-csa-c-id=\"")
                            .append(Integer.toHexString(random.nextInt())).append("\"><ul class=\"a-unordered-list a-horizontal\">");
                    for (int item = 0; item < 4; item++) {
                        out.append("<li><span class=\"a-list-item\"><a class=\"a-link-normal\" href=\"/b/ref=")
                                .append(word(random)).append("?node=").append(random.nextInt(99_999_999)).append("\">")
                                .append(word(random)).append(' ').append(word(random)).append("</a></span></li>");
                    }
                    out.append("</ul></div>\n");
                }
                default -> {
                    out.append("<div class=\"a-row\"><span class=\"a-size-base a-color-secondary\">");
                    for (int w = 0; w < 12; w++) {
                        out.append(word(random)).append(' ');
                    }
                    if (wide) {
                        out.append("\u2014 customers\u2019 choice");
                    }
                    out.append("</span></div>\n");
                }
            }
            widget++;
        }
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }
}
