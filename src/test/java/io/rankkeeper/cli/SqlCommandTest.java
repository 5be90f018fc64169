package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sql} command on an H2 history: formats, limits, refusals and exit codes. */
class SqlCommandTest {

    @TempDir
    Path dir;

    private String config;

    @BeforeEach
    void createHistory() throws Exception {
        config = HistoryFixture.create(dir).toString();
    }

    private HistoryFixture.Result sql(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "sql";
        all[1] = "--config";
        all[2] = config;
        System.arraycopy(args, 0, all, 3, args.length);
        return HistoryFixture.execute(all);
    }

    @Test
    void printsAnAlignedTableWithTheRowCount() {
        HistoryFixture.Result result = sql("SELECT outcome, COUNT(*) AS attempts FROM observation GROUP BY outcome"
                + " ORDER BY outcome");
        assertThat(result.exit()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("| outcome | attempts |", "| BLOCKED |        2 |", "| OK      |       10 |",
                "(2 rows)");
    }

    @Test
    void tableStopsAtMaxRowsWithANote() {
        HistoryFixture.Result result = sql("--max-rows", "3", "SELECT * FROM rank_history ORDER BY rank");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("(3 rows)");
        assertThat(result.err()).contains("only the first 3 rows are shown");
    }

    @Test
    void writesRfc4180CsvOfEveryRowByDefault() throws Exception {
        HistoryFixture.Result result = sql("--format", "csv", "SELECT target_key, label, category_name, rank"
                + " FROM rank_history ORDER BY target_key, observed_at, rank");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("\r\n");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(result.out())).getRecords();
        assertThat(records).hasSize(HistoryFixture.DAYS * HistoryFixture.ROWS_PER_DAY - 2);
        CSVRecord first = records.get(0);
        assertThat(first.get("target_key")).isEqualTo("shop/A1");
        assertThat(first.get("label")).isEqualTo("Core Python, \"2nd\" edition");
        assertThat(first.get("category_name")).isEqualTo("Python, \"Programming\"");
        assertThat(first.get("rank")).isEqualTo("10");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void writesJsonArrayOfTypedObjects() throws Exception {
        HistoryFixture.Result result = sql("--format", "json", "SELECT target_key, rank, is_main, observed_at, label"
                + " FROM rank_history WHERE target_key = 'shop/B2' ORDER BY observed_at");
        assertThat(result.exit()).isZero();
        JsonNode rows = new ObjectMapper().readTree(result.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("rank").isNumber()).isTrue();
        assertThat(rows.get(0).get("rank").asLong()).isEqualTo(5_001);
        assertThat(rows.get(0).get("is_main").isBoolean()).isTrue();
        assertThat(rows.get(0).get("observed_at").asText()).isEqualTo("2026-11-02T09:00:03Z");
        assertThat(rows.get(0).get("label").isNull()).isTrue();
    }

    @Test
    void refusesWritesWithExitCode2AndChangesNothing() {
        for (String statement : List.of("DELETE FROM rank", "SELECT 1; DELETE FROM rank",
                "SELECT NEXT VALUE FOR observation_id_seq", "SCRIPT TO '" + dir.resolve("dump.sql") + "'")) {
            HistoryFixture.Result result = sql(statement);
            assertThat(result.exit()).as(statement).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).as(statement).contains("Refused (sql is read-only)", "Nothing was run or changed");
            assertThat(result.out()).isEmpty();
        }
        assertThat(sql("SELECT COUNT(*) AS n FROM rank").out())
                .contains("| " + (HistoryFixture.DAYS * HistoryFixture.ROWS_PER_DAY - 2) + " |");
        assertThat(dir.resolve("dump.sql")).doesNotExist();
    }

    @Test
    void badSqlExitsWith2AndTheDatabasesMessage() {
        HistoryFixture.Result result = sql("SELECT nope FROM target");
        assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("The database refused the statement", "Column \"NOPE\" not found",
                "rankkeeper sql --help");
    }

    @Test
    void negativeMaxRowsIsAUsageError() {
        assertThat(sql("--max-rows", "-1", "SELECT 1").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(sql("--format", "xml", "SELECT 1").exit()).isEqualTo(ExitCodes.USAGE);
    }
}
