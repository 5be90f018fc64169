package io.rankkeeper.config;

import java.nio.file.Path;

/** Reads and validates a YAML config file. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Loads {@code file}; a {@link ConfigException} naming file, line, key and fix when it is bad. */
    public static RankkeeperConfig load(Path file) {
        throw new UnsupportedOperationException("TODO " + file);
    }
}
