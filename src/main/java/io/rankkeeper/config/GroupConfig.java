package io.rankkeeper.config;

import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Target;
import java.time.ZoneId;
import java.util.List;

/**
 * One group of targets that share a schedule and an extractor. Immutable.
 *
 * @param name unique group name
 * @param schedule Quartz cron expression (validated)
 * @param timeZone the zone the cron expression is read in
 * @param extractor how pages of this group are read
 * @param catchUp what to do about fires missed during downtime
 * @param robotsTxt whether robots.txt is obeyed for this group
 * @param shards how many Quartz jobs the group is split into (1 = not split)
 * @param targets the group's targets, in config order
 */
public record GroupConfig(
        String name,
        String schedule,
        ZoneId timeZone,
        ExtractorSpec extractor,
        CatchUp catchUp,
        boolean robotsTxt,
        int shards,
        List<Target> targets) {

    /** Every hour at minute 0 (Quartz cron: seconds minutes hours day-of-month month day-of-week). */
    public static final String DEFAULT_SCHEDULE = "0 0 * * * ?";
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("UTC");
    public static final ExtractorKind DEFAULT_EXTRACTOR = ExtractorKind.AMAZON;
    public static final CatchUp DEFAULT_CATCH_UP = CatchUp.ONCE;
    public static final int DEFAULT_SHARDS = 1;
    public static final int MAX_SHARDS = 1024;

    public GroupConfig {
        targets = List.copyOf(targets);
    }
}
