package io.rankkeeper.config;

import io.rankkeeper.model.Target;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole configuration, loaded and validated once. Immutable.
 *
 * @param source the file it was read from
 * @param database where the history is stored
 * @param http how pages are fetched
 * @param groups the groups, in config order
 */
public record RankkeeperConfig(Path source, DatabaseConfig database, HttpConfig http, List<GroupConfig> groups) {

    public RankkeeperConfig {
        groups = List.copyOf(groups);
    }

    /** Every target of every group. */
    public List<Target> allTargets() {
        return groups.stream().flatMap(group -> group.targets().stream()).toList();
    }
}
