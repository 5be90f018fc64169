package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandTest {

    @TempDir
    static Path dir;
    static QueryDatabase database;

    @BeforeAll
    static void populate() throws Exception {
        database = QueryDatabase.populated(dir);
    }

    @Test
    void tableShowsEveryAttemptWithFailuresAsTheirOutcomeNeverANumber() {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--no-color");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith(QueryDatabase.A + " \"Clean Code Handbook\", group books: 6 attempts from ");
        assertThat(result.tableHeader()).containsExactly("Observed at (UTC)", "Run", "Outcome", "Rank", "Category",
                "HTTP", "Detail");
        assertThat(result.tableRows()).containsExactly(
                List.of(at(database.daysAgo(10)), "1", "OK", "#5,000", "Books", "200", ""),
                List.of(at(database.daysAgo(8)), "3", "OK", "#4,000", "Books", "200", ""),
                List.of(at(database.daysAgo(6)), "4", "OK", "#4,500", "Books", "200", ""),
                List.of(at(database.daysAgo(3)), "5", "BLOCKED", "BLOCKED", "", "503", "robot check page"),
                List.of(at(database.daysAgo(1)), "7", "OK", "#3,000", "Books", "200", ""),
                List.of(at(database.now.minus(Duration.ofHours(1))), "8", "BLOCKED", "BLOCKED", "", "200",
                        "captcha form"));
    }

    @Test
    void colorShowsTheDirectionOfEachChangeSkippingFailures() {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--color");

        assertThat(result.tableHeader()).contains("Change");
        assertThat(result.tableRows()).extracting(row -> row.get(4))
                .containsExactly("", "\u2191 1,000", "\u2193 500", "", "\u2191 1,500", "");
    }

    @Test
    void categoryOptionShowsTheRankInThatCategory() {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--category", "python programming",
                "--no-color");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.tableRows()).extracting(row -> row.get(3))
                .containsExactly("#12", "#10", "#11", "BLOCKED", "#9", "BLOCKED");
        assertThat(result.tableRows()).extracting(row -> row.get(4))
                .containsExactly("Python Programming", "Python Programming", "Python Programming", "",
                        "Python Programming", "");
    }

    @Test
    void categoryCanBeNamedByItsNodeId() {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--category", "285856");

        assertThat(result.tableRows()).extracting(row -> row.get(3)).startsWith("#12");
    }

    @Test
    void unknownCategoryIsAUsageErrorListingTheCategoriesSeen() {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--category", "Cooking");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'Cooking'").contains("Books (node 283155)")
                .contains("Python Programming (node 285856)");
    }

    @Test
    void allCategoriesGivesOneRowPerAttemptAndCategory() throws Exception {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--all-categories", "--format",
                "csv");

        List<CSVRecord> records = csv(result.out());
        // 4 OK attempts with 2 categories each, 2 failed attempts with one row each
        assertThat(records).hasSize(10);
        assertThat(records).extracting(record -> record.get("category_name") + " " + record.get("rank"))
                .containsExactly("Books 5000", "Python Programming 12", "Books 4000", "Python Programming 10",
                        "Books 4500", "Python Programming 11", " ", "Books 3000", "Python Programming 9", " ");
        assertThat(records).extracting(record -> record.get("change"))
                .containsExactly("", "", "-1000", "-2", "500", "1", "", "-1500", "-2", "");
    }

    @Test
    void csvKeepsFailedAttemptsWithTheirOutcomeAndNoRank() throws Exception {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--format", "csv");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<CSVRecord> records = csv(result.out());
        assertThat(records).extracting(record -> record.get("outcome"))
                .containsExactly("OK", "OK", "OK", "BLOCKED", "OK", "BLOCKED");
        CSVRecord blocked = records.get(3);
        assertThat(blocked.get("rank")).isEmpty();
        assertThat(blocked.get("http_status")).isEqualTo("503");
        assertThat(blocked.get("detail")).isEqualTo("robot check page");
        assertThat(blocked.get("observed_at")).isEqualTo(database.daysAgo(3).toString());
        assertThat(records.get(1).get("rank")).isEqualTo("4000");
        assertThat(records.get(1).get("change")).isEqualTo("-1000");
        assertThat(records.get(1).get("is_main")).isEqualTo("true");
    }

    @Test
    void jsonHasNullRankForFailedAttempts() throws Exception {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--format", "json");

        JsonNode rows = new ObjectMapper().readTree(result.out());
        assertThat(rows).hasSize(6);
        assertThat(rows.get(3).get("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(rows.get(3).get("rank").isNull()).isTrue();
        assertThat(rows.get(4).get("rank").asLong()).isEqualTo(3000);
        assertThat(rows.get(4).get("run_id").asLong()).isEqualTo(7);
        assertThat(rows.get(4).get("observed_at").asText()).isEqualTo(database.daysAgo(1).toString());
    }

    @Test
    void sinceAndUntilLimitThePeriod() {
        assertThat(database.execute("history", QueryDatabase.A, "--since", "7d").tableRows()).hasSize(4);
        QueryDatabase.Result between = database.execute("history", QueryDatabase.A, "--since",
                database.daysAgo(9).toString(), "--until", database.daysAgo(5).toString(), "--no-color");
        assertThat(between.tableRows()).extracting(row -> row.get(3)).containsExactly("#4,000", "#4,500");
    }

    @Test
    void untilAsADateIncludesThatWholeDay() {
        String day = database.daysAgo(10).truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);

        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--since", day, "--until", day);

        assertThat(result.tableRows()).extracting(row -> row.get(3)).containsExactly("#5,000");
    }

    @Test
    void periodWithoutAttemptsSaysSo() {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.C);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("0 attempts").contains("No attempts in this period");
    }

    @Test
    void targetIsFoundByPartOfItsLabelIgnoringCase() {
        QueryDatabase.Result result = database.execute("history", "crash COURSE", "--no-color");

        assertThat(result.out()).startsWith(QueryDatabase.B + " ");
        assertThat(result.tableRows()).extracting(row -> row.get(3)).containsExactly("#100", "#90");
    }

    @Test
    void targetIsFoundByItsNumericId() throws Exception {
        String id = csv(database.execute("targets", "--format", "csv").out()).stream()
                .filter(record -> record.get("target_key").equals(QueryDatabase.B)).findFirst().orElseThrow()
                .get("target_id");

        assertThat(database.execute("history", id).out()).startsWith(QueryDatabase.B + " ");
    }

    @Test
    void inactiveTargetKeepsItsHistory() {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.D);

        assertThat(result.out()).contains("(inactive)");
        assertThat(result.tableRows()).extracting(row -> row.get(3)).containsExactly("#777");
    }

    @Test
    void ambiguousTargetIsAUsageErrorListingTheCandidates() {
        QueryDatabase.Result result = database.execute("history", "python");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'python' matches 2 targets")
                .contains(QueryDatabase.B + " (Python Crash Course)")
                .contains(QueryDatabase.C + " (Python Handbuch)")
                .contains("--help");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unknownTargetIsAUsageErrorPointingToTheTargetsCommand() {
        QueryDatabase.Result result = database.execute("history", "no-such-book");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("no target matches 'no-such-book'").contains("rankkeeper targets");
    }

    @Test
    void badSinceIsAUsageErrorNamingOptionValueAndAcceptedForms() {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--since", "yesterday");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--since").contains("'yesterday'").contains("30d").contains("2026-11-01")
                .contains("2026-11-01T10:00:00Z");
    }

    @Test
    void badUntilIsAUsageErrorNamingUntil() {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--until", "2026-13-45");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("bad --until '2026-13-45'");
    }

    @Test
    void sinceAfterUntilIsAUsageError() {
        QueryDatabase.Result result = database.execute("history", QueryDatabase.A, "--since", "1d", "--until", "2d");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("must be before --until");
    }

    private static String at(Instant instant) {
        return instant.toString();
    }

    private static List<CSVRecord> csv(String text) throws Exception {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))
                .getRecords();
    }
}
