package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that only read the database read only the config's database section: a group
 * being edited (a broken schedule, a targets file not written yet) does not stop them. {@code
 * status} reads the groups without their targets; {@code run} reads and checks everything.
 */
class QueryCommandsConfigTest {

    @TempDir
    Path dir;

    private String config;

    @BeforeEach
    void createHistoryThenBreakTheGroups() throws Exception {
        Path file = HistoryFixture.create(dir);
        String text = Files.readString(file);
        String broken = text.replace("schedule: \"0 0 9 * * ?\"\n    extractor: amazon\n    targets:",
                "schedule: every day\n    extractor: amazon\n    targetsFile: being-written.csv\n    targets:");
        assertThat(broken).isNotEqualTo(text);
        Files.writeString(file, broken);
        config = file.toString();
    }

    @Test
    void historyTargetsSqlAndExportReadTheDatabase() {
        HistoryFixture.Result history = HistoryFixture.execute("history", "--config", config, "shop/A1");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out()).contains("shop/A1");

        HistoryFixture.Result targets = HistoryFixture.execute("targets", "--config", config, "--format", "csv");
        assertThat(targets.exit()).as(targets.err()).isZero();
        assertThat(targets.out()).contains("shop/A1", "shop/B2", "shop/C3");

        HistoryFixture.Result sql = HistoryFixture.execute("sql", "--config", config, "--format", "csv",
                "SELECT COUNT(*) AS n FROM target");
        assertThat(sql.exit()).as(sql.err()).isZero();
        assertThat(sql.out()).contains("3");

        HistoryFixture.Result export = HistoryFixture.execute("export", "--config", config);
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("shop/C3");
    }

    @Test
    void runStillRefusesTheBrokenGroupsWithTheirLines() {
        HistoryFixture.Result result = HistoryFixture.execute("run", "--config", config);
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("rankkeeper.yml:", "groups[0].schedule", "being-written.csv");
    }

    /** {@code status} shows the schedules: it refuses a broken one, but reads no targets. */
    @Test
    void statusRefusesABrokenScheduleButNotATargetsFileBeingWritten() throws Exception {
        HistoryFixture.Result broken = HistoryFixture.execute("status", "--config", config);
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).contains("rankkeeper.yml:", "groups[0].schedule").doesNotContain("being-written.csv");

        Path file = Path.of(config);
        Files.writeString(file, Files.readString(file).replace("schedule: every day", "schedule: \"0 0 9 * * ?\""));
        HistoryFixture.Result status = HistoryFixture.execute("status", "--config", config);
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("books", "0 0 9 * * ?", "music");
        HistoryFixture.Result run = HistoryFixture.execute("run", "--config", config);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("being-written.csv");
    }
}
