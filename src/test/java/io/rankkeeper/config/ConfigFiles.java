package io.rankkeeper.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes config files for tests into a temporary folder and loads them with a fixed environment. */
final class ConfigFiles {

    static final Map<String, String> ENVIRONMENT = Map.of("RK_DB_PASSWORD", "s3cret", "RK_HOST", "shop.example.org");
    static final String HOST_NAME = "test-host";

    private ConfigFiles() {
    }

    static Path write(Path folder, String name, String text) {
        try {
            Path file = folder.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RankkeeperConfig load(Path file) {
        return ConfigLoader.load(file, ENVIRONMENT, () -> HOST_NAME);
    }
}
