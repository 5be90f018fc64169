package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first five minutes: {@code demo} starts with no internet, builds history from its built-in
 * shop (ranks, a robot check, Amazon's 503 page), answers the other commands beside it and stops
 * cleanly on SIGTERM.
 */
class DemoIT {

    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void demoProducesHistoryThatTheCommandsReadAndStopsCleanly() throws Exception {
        Path demoDir = dir.resolve("demo");
        HistoryDatabase database = new HistoryDatabase(demoDir.resolve("data/rankkeeper").toAbsolutePath());
        try (CliProcess demo = CliProcess.start(dir, "demo", "demo", "--dir", demoDir.toString(), "--every", "2")) {
            // the next-run lines come after "Stop with Ctrl-C": wait for them, not for that line
            demo.awaitOutput("demo-books: next run 20", START);
            assertThat(demo.stdout()).contains("history --config", "export --config", "sql --config", "status --config",
                    "demo-books: next run 20");

            long deadline = System.nanoTime() + START.toNanos();
            while (database.count("select count(*) from scrape_run where status = 'COMPLETED'") < 3
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(database.count("select count(*) from scrape_run where status = 'COMPLETED'")).isGreaterThanOrEqualTo(3);
            assertThat(database.count("select count(*) from observation where outcome = 'OK'")).isPositive();
            // The book served with Amazon's 503 dogs page is blocked, never a rank.
            assertThat(database.count("""
                    select count(*) from observation o join target t on t.id = o.target_id
                    where t.target_key = 'demo/1593279280' and o.outcome = 'BLOCKED'""")).isPositive();
            assertThat(database.count("""
                    select count(*) from rank r join observation o on o.id = r.observation_id
                    join target t on t.id = o.target_id where t.target_key = 'demo/1593279280'""")).isZero();

            Path config = demoDir.resolve("rankkeeper.yml").toAbsolutePath();
            try (CliProcess history = CliProcess.start(dir, "history", "history", "--config", config.toString(),
                    "0132269937", "--since", "1h")) {
                assertThat(history.awaitExit(START)).as(history.stderr()).isZero();
                assertThat(history.stdout()).contains("Core Python Programming", "OK", "Books").containsPattern("#\\d");
            }
            try (CliProcess status = CliProcess.start(dir, "status", "status", "--config", config.toString())) {
                assertThat(status.awaitExit(START)).as(status.stderr()).isZero();
                assertThat(status.stdout()).contains("Daemon: running", "demo-books");
            }

            demo.stop();
            assertThat(demo.awaitExit(Duration.ofSeconds(45))).as(demo.stderr()).isZero();
            assertThat(demo.stdout()).contains("rankkeeper daemon stopped");
        }
        assertThat(database.count("select count(*) from scrape_run where status = 'RUNNING'")).isZero();
    }
}
