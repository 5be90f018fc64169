package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rankkeeper.schedule.NextFire;
import io.rankkeeper.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

    @TempDir
    static Path dir;
    static QueryDatabase database;

    @BeforeAll
    static void populate() throws Exception {
        database = QueryDatabase.populated(dir);
    }

    @Test
    void tableShowsEachGroupsLastRunCatchUpPolicyAndNextFire() {
        QueryDatabase.Result result = database.execute("status");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.tableHeader()).containsExactly("Group", "Schedule", "Next fire (UTC)", "Catch-up",
                "Last run", "Reason", "Status", "Started (UTC)", "Took", "Outcomes");
        List<List<String>> rows = result.tableRows();
        assertThat(rows).hasSize(2);
        String startedBooks = database.now.minus(Duration.ofHours(1)).toString();
        String startedGerman = database.now.minus(Duration.ofHours(2)).toString();
        assertThat(rows.get(0)).containsExactly("books", "0 0 * * * ? UTC", rows.get(0).get(2), "run once", "8",
                "scheduled", "completed", startedBooks, "3.0 s", "2 of 2: OK 1, BLOCKED 1");
        assertThat(rows.get(0).get(2)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00Z \\(in [\\d.]+ (min|s)\\)");
        // interrupted: no end, so no duration; nothing was stored before it died
        assertThat(rows.get(1)).containsExactly("german", "0 30 6 * * ? Europe/Berlin", rows.get(1).get(2), "skip",
                "9", "scheduled", "interrupted", startedGerman, "-", "0 of 1");
    }

    @Test
    void tableListsHostsInBackoffAndTroubledRuns() {
        QueryDatabase.Result result = database.execute("status");

        String until = database.now.plus(Duration.ofMinutes(30)).toString();
        assertThat(result.out()).containsPattern("\\| " + QueryDatabase.BACKED_OFF_HOST.replace(".", "\\.")
                + " +\\| " + until + " \\| +(29|30) min \\|");
        assertThat(result.out()).contains("Interrupted or suspect runs in the last 24 h\n")
                .containsPattern("\\| +9 \\| german +\\| interrupted \\|");
    }

    @Test
    void jsonNextFireFollowsTheGroupsCronAndTimeZone() throws Exception {
        QueryDatabase.Result result = database.execute("status", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode status = new ObjectMapper().readTree(result.out());
        Instant now = Instant.parse(status.get("now").asText());
        JsonNode german = status.get("groups").get(1);
        assertThat(german.get("name").asText()).isEqualTo("german");
        assertThat(german.get("catch_up").asText()).isEqualTo("SKIP");
        Instant nextFire = Instant.parse(german.get("next_fire").asText());
        assertThat(nextFire).isEqualTo(NextFire.after("0 30 6 * * ?", ZoneId.of("Europe/Berlin"), now));
        ZonedDateTime local = nextFire.atZone(ZoneId.of("Europe/Berlin"));
        assertThat(local.getHour()).isEqualTo(6);
        assertThat(local.getMinute()).isEqualTo(30);
    }

    @Test
    void jsonHasRunsCountsBackoffsAndTroubledRuns() throws Exception {
        JsonNode status = new ObjectMapper().readTree(database.execute("status", "--format", "json").out());

        JsonNode booksRun = status.get("groups").get(0).get("last_runs").get(0);
        assertThat(booksRun.get("id").asLong()).isEqualTo(8);
        assertThat(booksRun.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(booksRun.get("duration_ms").asLong()).isEqualTo(3000);
        assertThat(booksRun.get("counts").get("OK").asInt()).isEqualTo(1);
        assertThat(booksRun.get("counts").get("BLOCKED").asInt()).isEqualTo(1);
        assertThat(booksRun.get("counts").get("TIMEOUT").asInt()).isZero();
        assertThat(status.get("hosts_in_backoff").get(0).get("host").asText()).isEqualTo(QueryDatabase.BACKED_OFF_HOST);
        JsonNode troubled = status.get("troubled_runs");
        assertThat(troubled).hasSize(1);
        assertThat(troubled.get(0).get("status").asText()).isEqualTo("INTERRUPTED");
        assertThat(troubled.get(0).get("ended_at").isNull()).isTrue();
        assertThat(troubled.get(0).get("detail").asText()).startsWith("interrupted");
    }

    @Test
    void saysTheDaemonIsNotRunningWhenNoOneHoldsItsLock() {
        QueryDatabase.Result result = database.execute("status");

        assertThat(result.out()).startsWith("Daemon: not running: nothing fires until it is started");
    }

    @Test
    void saysTheDaemonIsRunningWhileItHoldsItsLock() throws Exception {
        try (Store daemon = Store.open(database.settings()); AutoCloseable lock = daemon.acquireDaemonLock()) {
            QueryDatabase.Result table = database.execute("status");
            QueryDatabase.Result json = database.execute("status", "--format", "json");

            assertThat(table.out()).startsWith("Daemon: running\n");
            assertThat(new ObjectMapper().readTree(json.out()).get("daemon").asText()).isEqualTo("RUNNING");
        }
    }

    @Test
    void csvIsNotAFormatOfStatus() {
        QueryDatabase.Result result = database.execute("status", "--format", "csv");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--format").contains("TABLE, JSON");
    }
}
