package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compact}: the file is rewritten with every row kept; refused beside a daemon, on PostgreSQL, without a file. */
class CompactCommandTest {

    @TempDir
    Path dir;

    @Test
    void compactsTheFileAndEveryCommandReadsTheSameAfterwards() throws Exception {
        QueryDatabase database = QueryDatabase.populated(dir);
        String history = database.execute("history", QueryDatabase.A, "--since", "30d", "--format", "csv").out();
        String targets = database.execute("targets", "--format", "csv").out();

        QueryDatabase.Result result = database.execute("compact");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.err()).contains("Compacting the database file " + dir.resolve("data/rankkeeper.mv.db"))
                .contains("commands started meanwhile wait for it");
        assertThat(result.out()).matches("Compacted from [\\d,]+ MB to [\\d,]+ MB in \\d+\\.\\d s \\(H2 counted \\d+ %"
                + " of the file in use before\\)\\R");
        assertThat(database.execute("history", QueryDatabase.A, "--since", "30d", "--format", "csv").out())
                .isEqualTo(history).contains("BLOCKED");
        assertThat(database.execute("targets", "--format", "csv").out()).isEqualTo(targets);
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files.map(file -> file.getFileName().toString())).doesNotContain("rankkeeper.compacting",
                    "rankkeeper.mv.db.tempFile");
        }
    }

    @Test
    void isRefusedWhileTheDaemonRunsAndLeavesTheFileAlone() throws Exception {
        QueryDatabase database = QueryDatabase.populated(dir);
        Path dataFile = dir.resolve("data/rankkeeper.mv.db");
        byte[] before = Files.readAllBytes(dataFile);

        try (FileChannel channel = FileChannel.open(dir.resolve("data/rankkeeper.daemon.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock daemon = channel.lock()) {
            QueryDatabase.Result result = database.execute("compact");

            assertThat(result.exitCode()).isEqualTo(ExitCodes.DATABASE);
            assertThat(result.err()).contains("daemon is already running").contains("Stop it first");
        }
        assertThat(Files.readAllBytes(dataFile)).isEqualTo(before);
    }

    @Test
    void explainsThatOnlyAnEmbeddedH2FileIsCompacted() throws Exception {
        Path config = dir.resolve("pg.yml");
        Files.writeString(config, """
                database:
                  url: jdbc:postgresql://127.0.0.1:5432/rankkeeper
                groups:
                  - name: books
                    targets: [ "https://www.amazon.com/dp/0132269937" ]
                """);

        QueryDatabase.Result result = QueryDatabase.configOnly(dir).executeWith(config, "compact");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("not an embedded H2 file").contains("autovacuum");
    }

    @Test
    void namesTheMissingFileAndCreatesNone() throws Exception {
        QueryDatabase.Result result = QueryDatabase.configOnly(dir).execute("compact");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.DATABASE);
        assertThat(result.err()).contains("There is no database at " + dir.resolve("data/rankkeeper.mv.db"));
        assertThat(dir.resolve("data/rankkeeper.mv.db")).doesNotExist();
    }
}
