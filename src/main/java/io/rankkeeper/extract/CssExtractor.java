package io.rankkeeper.extract;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RankkeeperException;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one rank from any site: the first element matching a CSS selector, the number in its
 * text (through an optional regex with one group), grouping separators dropped. Parses the
 * whole page with jsoup; meant for small pages of other sites. Immutable, thread-safe.
 */
final class CssExtractor implements Extractor {

    static final String NAME = "css";
    static final int VERSION = 1;
    static final String DEFAULT_CATEGORY = "rank";

    private static final Logger LOG = LoggerFactory.getLogger(CssExtractor.class);

    private final String selector;
    private final Evaluator evaluator;
    private final Pattern regex;
    private final String groupingSeparators;
    private final String category;

    CssExtractor(ExtractorSpec spec) {
        this.selector = spec.selector();
        try {
            this.evaluator = QueryParser.parse(selector);
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            throw new RankkeeperException("css extractor: selector '" + selector + "' is not valid CSS: "
                    + e.getMessage() + "; fix the group's selector", e);
        }
        this.regex = compile(spec.regex());
        this.groupingSeparators = spec.groupingSeparators();
        this.category = spec.category() == null || spec.category().isBlank() ? DEFAULT_CATEGORY : spec.category();
    }

    private static Pattern compile(String regex) {
        if (regex == null || regex.isEmpty()) {
            return null;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new RankkeeperException("css extractor: regex '" + regex + "' is not valid: "
                    + e.getDescription() + "; fix the group's regex", e);
        }
        if (pattern.matcher("").groupCount() < 1) {
            throw new RankkeeperException("css extractor: regex '" + regex
                    + "' has no capturing group; put ( ) around the number");
        }
        return pattern;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public Extraction extract(String html, URI pageUrl, String itemId) {
        try {
            return read(html, pageUrl);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.debug("css extractor failed on {}", pageUrl, e);
            return Extraction.failed(Outcome.LAYOUT_CHANGED, null, "extractor error: " + e);
        }
    }

    private Extraction read(String html, URI pageUrl) {
        if (html == null || html.isBlank()) {
            return Extraction.failed(Outcome.LAYOUT_CHANGED, null, "empty page");
        }
        String blocked = AmazonPageSignals.blockedReason(html);
        if (blocked != null) {
            return Extraction.failed(Outcome.BLOCKED, null, blocked);
        }
        Document document = Jsoup.parse(html, pageUrl == null ? "" : pageUrl.toString());
        String title = document.title().isBlank() ? null : document.title().trim();
        Element element = document.selectFirst(evaluator);
        if (element == null) {
            return Extraction.failed(Outcome.LAYOUT_CHANGED, title, "selector '" + selector + "' matched nothing");
        }
        String text = element.text();
        long rank = regex == null ? RankNumbers.firstNumber(text, groupingSeparators) : numberByRegex(text);
        if (rank < 1) {
            return Extraction.failed(Outcome.NOT_RANKED, title,
                    "no rank in the text of '" + selector + "': " + abbreviate(text));
        }
        return Extraction.ok(title, List.of(new CategoryRank(category, null, null, rank, true)));
    }

    private long numberByRegex(String text) {
        Matcher matcher = regex.matcher(text);
        if (!matcher.find() || matcher.group(1) == null) {
            return -1;
        }
        StringBuilder digits = new StringBuilder();
        String group = matcher.group(1).strip();
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (groupingSeparators.indexOf(c) < 0) {
                return -1;  // not a number once its separators are gone: report nothing
            }
        }
        return RankNumbers.digitsOnly(digits.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "\u2026";
    }
}
