package io.rankkeeper.config;

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

    public GroupConfig {
        targets = List.copyOf(targets);
    }
}
