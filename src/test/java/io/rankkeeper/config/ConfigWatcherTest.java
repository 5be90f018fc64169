package io.rankkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's watcher reloads the config after an edit of the config or of a targets file it
 * names (an edited targets file was ignored until a SIGHUP), wherever that file is.
 */
class ConfigWatcherTest {

    private static final long WAIT_SECONDS = 15;

    @TempDir
    Path dir;

    private final BlockingQueue<Object> reloads = new LinkedBlockingQueue<>();
    private ConfigWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void anEditedTargetsFileInAnotherFolderIsReadAgain() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists/books"));
        writeTargets(lists.resolve("books.csv"), 2);
        Path config = writeConfig("lists/books/books.csv");
        watch(config);

        writeTargets(lists.resolve("books.csv"), 3);

        assertThat(keys(nextConfig())).containsExactly("b/0", "b/1", "b/2");
    }

    @Test
    void aTargetsFileNamedBeforeItExistsIsReadOnceItIsCreated() throws Exception {
        writeTargets(dir.resolve("books.csv"), 1);
        Path config = writeConfig("books.csv");
        watch(config);

        writeConfig("new.csv");
        assertThat(next()).isInstanceOfSatisfying(ConfigException.class,
                refused -> assertThat(refused.getMessage()).contains("new.csv does not exist"));
        writeTargets(dir.resolve("new.csv"), 4);

        assertThat(keys(nextConfig())).hasSize(4);
    }

    @Test
    void anEditedConfigIsReadAgainAndAnUntouchedNeighbourIsNot() throws Exception {
        writeTargets(dir.resolve("books.csv"), 1);
        Path config = writeConfig("books.csv");
        watch(config);

        Files.writeString(dir.resolve("notes.txt"), "not the config");
        assertThat(reloads.poll(2, TimeUnit.SECONDS)).isNull();
        Files.writeString(config, Files.readString(config) + "    schedule: \"0 30 * * * ?\"\n");

        assertThat(nextConfig().groups().get(0).schedule()).isEqualTo("0 30 * * * ?");
    }

    private void watch(Path config) {
        watcher = ConfigWatcher.start(ConfigLoader.load(config), reloads::add, reloads::add);
    }

    private Path writeConfig(String targetsFile) throws Exception {
        Path config = dir.resolve("rankkeeper.yml");
        Files.writeString(config, """
                groups:
                  - name: books
                    targetsFile: %s
                """.formatted(targetsFile));
        return config;
    }

    private static void writeTargets(Path file, int count) throws Exception {
        StringBuilder csv = new StringBuilder("key,url,label\n");
        for (int index = 0; index < count; index++) {
            csv.append("b/").append(index).append(",https://www.amazon.com/dp/B00000000").append(index)
                    .append(",Book ").append(index).append('\n');
        }
        Files.writeString(file, csv);
    }

    private Object next() throws InterruptedException {
        Object reload = reloads.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(reload).as("a reload within %d s", WAIT_SECONDS).isNotNull();
        return reload;
    }

    private RankkeeperConfig nextConfig() throws InterruptedException {
        Object reload = next();
        assertThat(reload).isInstanceOf(RankkeeperConfig.class);
        return (RankkeeperConfig) reload;
    }

    private static java.util.List<String> keys(RankkeeperConfig config) {
        return config.allTargets().stream().map(Target::key).toList();
    }
}
