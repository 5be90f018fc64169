package io.rankkeeper.config;

import io.rankkeeper.model.Target;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole configuration, loaded and validated once by {@link ConfigLoader}. Immutable.
 *
 * @param source the file it was read from
 * @param database where the history is stored
 * @param http how pages are fetched
 * @param daemon how the long-running process behaves
 * @param cluster whether this node is one of several
 * @param groups the groups, in config order; at least one
 * @param targetsFiles the {@code targetsFile}s the groups' targets were read from, absolute
 */
public record RankkeeperConfig(
        Path source,
        DatabaseConfig database,
        HttpConfig http,
        DaemonConfig daemon,
        ClusterConfig cluster,
        List<GroupConfig> groups,
        List<Path> targetsFiles) {

    public RankkeeperConfig {
        groups = List.copyOf(groups);
        targetsFiles = List.copyOf(targetsFiles);
    }

    /** A config whose targets are all written in it (no {@code targetsFile}). */
    public RankkeeperConfig(Path source, DatabaseConfig database, HttpConfig http, DaemonConfig daemon,
            ClusterConfig cluster, List<GroupConfig> groups) {
        this(source, database, http, daemon, cluster, groups, List.of());
    }

    /** The original shape: daemon defaults, a single node named "local". */
    public RankkeeperConfig(Path source, DatabaseConfig database, HttpConfig http, List<GroupConfig> groups) {
        this(source, database, http, DaemonConfig.defaults(), new ClusterConfig(false, "local"), groups);
    }

    /** Every target of every group. */
    public List<Target> allTargets() {
        return groups.stream().flatMap(group -> group.targets().stream()).toList();
    }

    /** The group called {@code name}, or null. */
    public GroupConfig group(String name) {
        return groups.stream().filter(group -> group.name().equals(name)).findFirst().orElse(null);
    }
}
