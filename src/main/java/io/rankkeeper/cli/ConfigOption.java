package io.rankkeeper.cli;

import io.rankkeeper.config.ConfigLoader;
import io.rankkeeper.config.DatabaseConfig;
import io.rankkeeper.config.RankkeeperConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option every command shares. */
final class ConfigOption {

    static final String DEFAULT_CONFIG = "config/rankkeeper.yml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DEFAULT_CONFIG,
            description = "Config file (default: ${DEFAULT-VALUE}).")
    Path path;

    RankkeeperConfig load() {
        return ConfigLoader.load(path);
    }

    /** The config with its groups but without their targets, for {@code status} (see {@link ConfigLoader#loadWithoutTargets}). */
    RankkeeperConfig loadWithoutTargets() {
        return ConfigLoader.loadWithoutTargets(path);
    }

    /** Only the database section, for the commands that only read the database (see {@link ConfigLoader#loadDatabase}). */
    DatabaseConfig database() {
        return ConfigLoader.loadDatabase(path);
    }
}
