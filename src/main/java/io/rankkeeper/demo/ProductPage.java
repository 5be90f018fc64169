package io.rankkeeper.demo;

import io.rankkeeper.model.CategoryRank;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Writes a realistic Amazon product detail page (detail-bullets layout, 2019 on) for a book with
 * known ranks: the same structure as the real thing, and like the real thing mostly script and
 * style noise around a small rank block whose position varies. Used by the demo marketplace, the
 * end-to-end tests and the benchmark. Immutable, thread-safe.
 *
 * @param asin the item's ASIN or ISBN-10
 * @param title the product title
 * @param ranks the ranks to show: the main one first, then sub-categories
 * @param noiseBytes roughly how much script/style noise to wrap the page in
 */
public record ProductPage(String asin, String title, List<CategoryRank> ranks, int noiseBytes) {

    public ProductPage {
        Objects.requireNonNull(asin, "asin");
        Objects.requireNonNull(title, "title");
        ranks = List.copyOf(ranks);
    }

    /** The page as HTML. The noise is derived from the ASIN, so a page is the same every time. */
    public String html() {
        Random random = new Random(asin.hashCode());
        StringBuilder page = new StringBuilder(noiseBytes + 8_192);
        page.append("<!doctype html><html lang=\"en-us\" class=\"a-no-js\" data-19ax5a9jf=\"dingo\"><head>\n")
                .append("<meta charset=\"utf-8\">\n<title>").append(escape(title))
                .append(": Amazon.com: Books</title>\n");
        // The rank block sits after a varying share of the noise, as on real pages.
        int before = noiseBytes == 0 ? 0 : (int) (noiseBytes * (0.3 + 0.5 * random.nextDouble()));
        appendNoise(page, before, random);
        page.append("</head><body class=\"a-aui_72554-c a-m-us a-meter-animate\">\n<div id=\"dp\" class=\"book en_US\">\n")
                .append("<div id=\"centerCol\"><div id=\"title_feature_div\"><h1 id=\"title\" class=\"a-spacing-none a-text-normal\">")
                .append("<span id=\"productTitle\" class=\"a-size-extra-large\">").append(escape(title))
                .append("</span></h1></div></div>\n")
                .append("<input type=\"hidden\" id=\"ASIN\" name=\"ASIN\" value=\"").append(asin).append("\">\n");
        appendDetailBullets(page);
        appendNoise(page, noiseBytes - before, random);
        // Real pages are not ASCII: a breadcrumb arrow, a copyright sign (and quotes, accents).
        page.append("<div id=\"wayfinding-breadcrumbs_feature_div\"><span>Books</span> <span>\u203a</span> ")
                .append("<span>Computers &amp; Technology</span></div>\n")
                .append("<div class=\"navFooterLine\">\u00a9 1996-2026, Amazon.com, Inc. or its affiliates</div>\n")
                .append("</div></body></html>\n");
        return page.toString();
    }

    private void appendDetailBullets(StringBuilder page) {
        page.append("<div id=\"detailBulletsWrapper_feature_div\" data-feature-name=\"detailBullets\" class=\"celwidget\">\n")
                .append("<div id=\"detailBullets_feature_div\"><ul class=\"a-unordered-list a-nostyle a-vertical a-spacing-none detail-bullet-list\">\n")
                .append("<li><span class=\"a-list-item\"><span class=\"a-text-bold\">Publisher &rlm; : &lrm;</span> <span>Prentice Hall; 2nd edition (September 18, 2006)</span></span></li>\n")
                .append("<li><span class=\"a-list-item\"><span class=\"a-text-bold\">Language &rlm; : &lrm;</span> <span>English</span></span></li>\n")
                .append("<li><span class=\"a-list-item\"><span class=\"a-text-bold\">ISBN-10 &rlm; : &lrm;</span> <span>").append(asin)
                .append("</span></span></li>\n</ul></div>\n");
        if (ranks.isEmpty()) {
            page.append("</div>\n");
            return;
        }
        CategoryRank main = ranks.get(0);
        page.append("<ul class=\"a-unordered-list a-nostyle a-vertical a-spacing-none detail-bullet-list\">\n")
                .append("<li><span class=\"a-list-item\"><span class=\"a-text-bold\">Best Sellers Rank:</span> ")
                .append(formatRank(main.rank())).append(" in ").append(escape(main.category()))
                .append(" (<a href=\"/gp/bestsellers/").append(main.nodeId() == null ? "books" : main.nodeId())
                .append("/ref=pd_zg_ts_books\">See Top 100 in ").append(escape(main.category())).append("</a>)\n")
                .append("<ul class=\"a-unordered-list a-nostyle a-vertical zg_hrsr\">\n");
        for (CategoryRank sub : ranks.subList(1, ranks.size())) {
            page.append("<li><span class=\"a-list-item\">").append(formatRank(sub.rank())).append(" in <a href=\"/gp/bestsellers/books/")
                    .append(sub.nodeId()).append("/ref=pd_zg_hrsr_books\">").append(escape(sub.category()))
                    .append("</a></span></li>\n");
        }
        page.append("</ul></span></li>\n</ul>\n</div>\n");
    }

    private static void appendNoise(StringBuilder page, int bytes, Random random) {
        int end = page.length() + Math.max(bytes, 0);
        int block = 0;
        while (page.length() < end) {
            if (block++ % 3 == 0) {
                page.append("<style type=\"text/css\">.a-box-").append(random.nextInt(100_000))
                        .append("{border-radius:4px;position:relative;padding:14px 18px;margin:0 0 1.4rem}")
                        .append(".a-section .a-spacing-").append(random.nextInt(9))
                        .append("{margin-bottom:").append(random.nextInt(30)).append("px!important}</style>\n");
            } else {
                page.append("<script type=\"text/javascript\">P.when('A','ready').execute(function(A){var d=")
                        .append(random.nextLong()).append(";A.declarative('a-popover-").append(random.nextInt(1_000))
                        .append("','click',function(e){window.ue&&ue.count('dp:widget:").append(random.nextInt(1_000))
                        .append("',1);A.$('#nav-").append(Integer.toHexString(random.nextInt()))
                        .append("').toggleClass('a-hidden');});});</script>\n");
            }
        }
    }

    /** "#1,234" as amazon.com writes it. */
    static String formatRank(long rank) {
        return "#" + String.format(Locale.US, "%,d", rank);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
