package io.rankkeeper.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real Amazon pages shared next to the project (../shared/fixtures/amazon), when present. */
final class SharedPages {

    private SharedPages() {
    }

    /** The folder, or null when neither ../shared nor /work/shared holds it. */
    static Path folder() {
        Path besideProject = Path.of("").toAbsolutePath().getParent();
        if (besideProject != null) {
            Path candidate = besideProject.resolve("shared/fixtures/amazon");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        Path fixed = Path.of("/work/shared/fixtures/amazon");
        return Files.isDirectory(fixed) ? fixed : null;
    }

    static String read(Path folder, String name) {
        try {
            return new String(Files.readAllBytes(folder.resolve(name)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read shared page " + folder.resolve(name), e);
        }
    }
}
