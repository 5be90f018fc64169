package io.rankkeeper.config;

import io.rankkeeper.config.ConfigReader.LocatedTarget;
import io.rankkeeper.config.YamlNode.Mark;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.quartz.CronExpression;

/**
 * Reads one entry of {@code groups:}: its schedule, time zone, extractor and its targets (listed,
 * from a URL template, or from a CSV file through {@link TargetsReader}). Not thread-safe; one
 * per group.
 */
final class GroupReader {

    static final List<String> GROUP_KEYS = List.of("name", "schedule", "timeZone", "extractor", "css", "catchUp",
            "robotsTxt", "shards", "targets", "urlTemplate", "ids", "targetsFile");
    static final List<String> CSS_KEYS = List.of("selector", "regex", "groupingSeparators", "category");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final String CRON_HINT = "use a Quartz cron expression with 6 or 7 fields (seconds minutes hours "
            + "day-of-month month day-of-week [year]) and ? in day-of-month or day-of-week, "
            + "such as \"0 0 * * * ?\" (hourly at minute 0) or \"0 30 6 * * ?\" (daily at 06:30)";

    /** One group read, with where its name stood and its targets' places for cross-group checks. */
    record Result(GroupConfig group, Mark nameMark, List<LocatedTarget> targets) {
    }

    private final ReadContext context;
    private final HttpConfig http;
    private final boolean readTargets;

    /** With {@code readTargets} false, each group is read without its targets (and its targets file). */
    GroupReader(ReadContext context, HttpConfig http, boolean readTargets) {
        this.context = context;
        this.http = http;
        this.readTargets = readTargets;
    }

    /** The group, or null when the entry is not a map at all (reported). */
    Result read(YamlNode node, Mark fallbackMark, String path) {
        if (node == null || !(node instanceof YamlNode.Mapping)) {
            context.problems().add(node == null ? fallbackMark : node.mark(), path, "expected a group (a map with "
                    + "name:, schedule:, targets: ...), got " + (node == null ? "nothing" : node.describe())
                    + "; start it with \"- name: mygroup\"");
            return null;
        }
        Section section = Section.of(node, node.mark(), path, context, GROUP_KEYS);
        String name = name(section);
        String schedule = schedule(section);
        ZoneId timeZone = timeZone(section);
        ExtractorSpec extractor = extractor(section, name);
        CatchUp catchUp = catchUp(section);
        boolean robotsTxt = section.bool("robotsTxt", http.robotsTxt());
        int shards = section.integer("shards", GroupConfig.DEFAULT_SHARDS, 1, GroupConfig.MAX_SHARDS);
        List<LocatedTarget> targets = readTargets ? new TargetsReader(section, name, extractor.kind()).read() : List.of();
        GroupConfig group = new GroupConfig(name, schedule, timeZone, extractor, catchUp, robotsTxt, shards,
                targets.stream().map(LocatedTarget::target).toList());
        return new Result(group, section.markOf("name"), targets);
    }

    private static String name(Section section) {
        String name = section.requiredString("name", "give the group a name such as books");
        if (name == null) {
            return section.path();
        }
        if (!GROUP_NAME.matcher(name).matches()) {
            section.report("name", "\"" + name + "\" is not a usable group name; use 1 to 100 letters, digits, "
                    + "'-', '_' or '.', such as books or amazon-de");
        }
        return name;
    }

    private static String schedule(Section section) {
        String schedule = section.string("schedule", GroupConfig.DEFAULT_SCHEDULE).trim();
        int fields = schedule.split("\\s+").length;
        if (fields == 5) {
            section.report("schedule", "\"" + schedule + "\" looks like a Unix cron line (5 fields), but Quartz cron "
                    + "starts with seconds; " + CRON_HINT);
            return GroupConfig.DEFAULT_SCHEDULE;
        }
        try {
            CronExpression.validateExpression(schedule);
        } catch (java.text.ParseException | RuntimeException e) {
            section.report("schedule", "invalid cron expression \"" + schedule + "\" (" + e.getMessage() + "); "
                    + CRON_HINT);
            return GroupConfig.DEFAULT_SCHEDULE;
        }
        return schedule;
    }

    private static ZoneId timeZone(Section section) {
        String zone = section.string("timeZone");
        if (zone == null) {
            return GroupConfig.DEFAULT_TIME_ZONE;
        }
        try {
            return ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            String closest = Suggestions.closest(zone.trim(), ZoneId.getAvailableZoneIds());
            section.report("timeZone", "unknown time zone \"" + zone + "\"; use an IANA zone such as \""
                    + (closest == null ? "Europe/Berlin" : closest) + "\" or \"UTC\"");
            return GroupConfig.DEFAULT_TIME_ZONE;
        }
    }

    private static CatchUp catchUp(Section section) {
        String text = section.string("catchUp");
        if (text == null) {
            return GroupConfig.DEFAULT_CATCH_UP;
        }
        for (CatchUp value : CatchUp.values()) {
            if (value.name().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        section.report("catchUp", "unknown value \"" + text + "\"; use once (run once after downtime) or skip "
                + "(wait for the next scheduled time)");
        return GroupConfig.DEFAULT_CATCH_UP;
    }

    private static ExtractorSpec extractor(Section section, String groupName) {
        String text = section.string("extractor");
        ExtractorKind kind = GroupConfig.DEFAULT_EXTRACTOR;
        if (text != null) {
            kind = ExtractorKind.fromConfigName(text.trim());
            if (kind == null) {
                List<String> names = Arrays.stream(ExtractorKind.values()).map(ExtractorKind::configName).toList();
                section.report("extractor", "unknown extractor \"" + text + "\""
                        + Suggestions.fix(text, names, "use one of " + String.join(", ", names)));
                kind = GroupConfig.DEFAULT_EXTRACTOR;
            }
        }
        Section css = section.section("css", CSS_KEYS);
        if (kind != ExtractorKind.CSS) {
            if (section.has("css")) {
                section.report("css", "css: is only read with extractor: css (this group uses " + kind.configName()
                        + "); remove css: or set extractor: css");
            }
            return ExtractorSpec.of(kind);
        }
        return cssSpec(section, css, groupName);
    }

    private static ExtractorSpec cssSpec(Section group, Section css, String groupName) {
        String example = "such as css: { selector: \"span.rank\", regex: \"#([0-9,]+)\" }";
        if (!group.has("css")) {
            group.report("extractor", "extractor: css needs a css: section with a selector; add one " + example);
            return ExtractorSpec.of(ExtractorKind.AMAZON);
        }
        String selector = css.requiredString("selector", "give the CSS selector of the element that holds the rank, "
                + example);
        if (selector != null) {
            try {
                org.jsoup.select.QueryParser.parse(selector);
            } catch (RuntimeException e) {
                css.report("selector", "invalid CSS selector \"" + selector + "\" (" + e.getMessage()
                        + "); use a jsoup/CSS selector such as \"#rank\", \"span.rank\" or \"td:contains(Rank) + td\"");
            }
        }
        String regex = css.string("regex");
        if (regex != null) {
            try {
                int groups = Pattern.compile(regex).matcher("").groupCount();
                if (groups != 1) {
                    css.report("regex", "\"" + regex + "\" has " + groups + " capturing groups, but needs exactly one "
                            + "around the number; write it like \"#([0-9,.]+)\" and make other groups non-capturing "
                            + "with (?:...)");
                }
            } catch (PatternSyntaxException e) {
                css.report("regex", "invalid regular expression \"" + regex + "\" (" + e.getDescription()
                        + " near index " + e.getIndex() + "); write a Java regex with one group such as \"#([0-9,.]+)\"");
            }
        }
        String separators = css.string("groupingSeparators");
        if (separators != null && (separators.isEmpty() || separators.chars().anyMatch(Character::isDigit))) {
            css.report("groupingSeparators", "\"" + separators + "\" must be one or more non-digit characters; "
                    + "use the characters that group thousands on the page, such as \",.\"");
        }
        String category = css.string("category");
        if (category != null && category.isBlank()) {
            css.report("category", "must not be blank; give the category name to store, or leave the key out to use "
                    + "the group name");
        }
        if (selector == null || selector.isBlank()) {
            return ExtractorSpec.of(ExtractorKind.AMAZON);
        }
        return new ExtractorSpec(ExtractorKind.CSS, selector, regex, separators,
                category == null || category.isBlank() ? groupName : category.strip());
    }
}
