package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsCommandTest {

    @TempDir
    static Path dir;
    static QueryDatabase database;

    @BeforeAll
    static void populate() throws Exception {
        database = QueryDatabase.populated(dir);
    }

    @Test
    void tableListsEveryTargetWithNewestMainRankChangesAndLastOutcome() {
        QueryDatabase.Result result = database.execute("targets", "--no-color");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.tableHeader()).containsExactly("Target", "Label", "Group", "Active", "Rank", "Category",
                "vs prev", "vs 7d", "Last outcome");
        assertThat(result.tableRows()).containsExactly(
                // the newest attempt failed: the rank shown is a day old, and says so
                List.of(QueryDatabase.A, "Clean Code Handbook", "books", "yes", "#3,000 (24 h ago)", "Books", "-1,500",
                        "-1,000", "BLOCKED"),
                List.of(QueryDatabase.B, "Python Crash Course", "books", "yes", "#90", "Books", "-10", "", "OK"),
                List.of(QueryDatabase.D, "Old Book", "books", "no", "#777", "Books", "", "0", "OK"),
                List.of(QueryDatabase.C, "Python Handbuch", "german", "yes", "-", "", "", "", "never attempted"));
        assertThat(result.out()).contains("4 targets (3 active)").contains("negative is better");
    }

    @Test
    void colorShowsChangesAsArrows() {
        QueryDatabase.Result result = database.execute("targets", "--color");

        Map<String, List<String>> rows = result.tableRows().stream()
                .collect(Collectors.toMap(row -> row.get(0), Function.identity()));
        assertThat(rows.get(QueryDatabase.A).subList(6, 8)).containsExactly("\u2191 1,500", "\u2191 1,000");
        assertThat(rows.get(QueryDatabase.D).get(7)).isEqualTo("=");
    }

    @Test
    void csvHasOneRecordPerTargetWithPlainNumbers() throws Exception {
        QueryDatabase.Result result = database.execute("targets", "--format", "csv");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(result.out())).getRecords();
        assertThat(records).extracting(record -> record.get("target_key"))
                .containsExactly(QueryDatabase.A, QueryDatabase.B, QueryDatabase.D, QueryDatabase.C);
        CSVRecord a = records.get(0);
        assertThat(a.get("rank")).isEqualTo("3000");
        assertThat(a.get("rank_observed_at")).isEqualTo(database.daysAgo(1).toString());
        assertThat(a.get("previous_rank")).isEqualTo("4500");
        assertThat(a.get("change_since_previous")).isEqualTo("-1500");
        assertThat(a.get("rank_7d_ago")).isEqualTo("4000");
        assertThat(a.get("change_since_7d")).isEqualTo("-1000");
        assertThat(a.get("last_outcome")).isEqualTo("BLOCKED");
        assertThat(a.get("category_name")).isEqualTo("Books");
        assertThat(a.get("marketplace")).isEqualTo("amazon.com");
        assertThat(records.get(2).get("active")).isEqualTo("false");
        CSVRecord neverAttempted = records.get(3);
        assertThat(neverAttempted.get("rank")).isEmpty();
        assertThat(neverAttempted.get("last_outcome")).isEmpty();
        assertThat(neverAttempted.get("group_name")).isEqualTo("german");
    }

    @Test
    void jsonHasTheSameFactsWithNullForWhatIsUnknown() throws Exception {
        QueryDatabase.Result result = database.execute("targets", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode targets = new ObjectMapper().readTree(result.out());
        assertThat(targets).hasSize(4);
        JsonNode a = targets.get(0);
        assertThat(a.get("target_key").asText()).isEqualTo(QueryDatabase.A);
        assertThat(a.get("rank").asLong()).isEqualTo(3000);
        assertThat(a.get("change_since_previous").asLong()).isEqualTo(-1500);
        assertThat(a.get("active").asBoolean()).isTrue();
        assertThat(a.get("last_outcome").asText()).isEqualTo("BLOCKED");
        assertThat(a.get("last_attempt_at").asText()).isEqualTo(database.now.minusSeconds(3600).toString());
        JsonNode b = targets.get(1);
        assertThat(b.get("rank_7d_ago").isNull()).isTrue();
        assertThat(b.get("change_since_7d").isNull()).isTrue();
        assertThat(targets.get(3).get("rank").isNull()).isTrue();
    }

    @Test
    void groupOptionKeepsOnlyThatGroup() {
        QueryDatabase.Result result = database.execute("targets", "--group", "german", "--no-color");

        assertThat(result.tableRows()).extracting(row -> row.get(0)).containsExactly(QueryDatabase.C);
    }

    @Test
    void unknownGroupIsAUsageErrorListingTheGroups() {
        QueryDatabase.Result result = database.execute("targets", "--group", "nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'nope'").contains("books, german");
    }

    @Test
    void doesNotSyncTheConfigIntoTheDatabase() {
        QueryDatabase.Result result = database.execute("targets", "--format", "csv");

        assertThat(result.out()).doesNotContain(QueryDatabase.NOT_SYNCED);
    }

    @Test
    void missingDatabaseIsADatabaseErrorAndIsNotCreated(@TempDir Path empty) throws Exception {
        QueryDatabase none = QueryDatabase.configOnly(empty);

        QueryDatabase.Result result = none.execute("targets");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.DATABASE);
        assertThat(result.err()).contains("There is no database at").contains("rankkeeper.mv.db");
        assertThat(Files.exists(empty.resolve("data"))).isFalse();
    }
}
