package io.rankkeeper.run;

import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.Target;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one scrape run should do: which targets of which group, read how, and why it runs.
 *
 * @param group the group's name
 * @param shard the shard of the group (0 when the group is not split)
 * @param targets the targets to attempt, in order
 * @param extractor how their pages are read
 * @param obeyRobots whether robots.txt is obeyed
 * @param scheduledAt the fire time the run belongs to; (target, scheduledAt) is unique in the store
 * @param reason why the run happens
 */
public record RunRequest(
        String group,
        int shard,
        List<Target> targets,
        ExtractorSpec extractor,
        boolean obeyRobots,
        Instant scheduledAt,
        RunReason reason) {

    public RunRequest {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(extractor, "extractor");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(reason, "reason");
        targets = List.copyOf(targets);
    }
}
