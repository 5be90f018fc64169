package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code export} command on an H2 history: a CSV round trip against the database, gzip, filters, stdout, errors. */
class ExportCommandTest {

    @TempDir
    Path dir;

    private String config;

    @BeforeEach
    void createHistory() throws Exception {
        config = HistoryFixture.create(dir).toString();
    }

    private HistoryFixture.Result export(String... args) {
        List<String> all = new ArrayList<>(List.of("export", "--config", config));
        all.addAll(List.of(args));
        return HistoryFixture.execute(all.toArray(String[]::new));
    }

    private static List<CSVRecord> parse(Reader reader) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
    }

    private static List<CSVRecord> parse(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader);
        }
    }

    /** What the database holds, one line per (observation, rank) or per observation without ranks, as exported. */
    private List<String> databaseContents() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db/rankkeeper"));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT t.target_key, t.label, t.group_name, t.url, o.observed_at, o.run_id, o.outcome, c.name,
                               c.node_id, c.marketplace, r.rank, r.is_main, o.http_status
                          FROM observation o JOIN target t ON t.id = o.target_id
                          LEFT JOIN rank r ON r.observation_id = o.id LEFT JOIN category c ON c.id = r.category_id""")) {
            while (rows.next()) {
                List<String> values = new ArrayList<>();
                for (int column = 1; column <= 13; column++) {
                    Object value = column == 5 ? rows.getObject(5, java.time.OffsetDateTime.class).toInstant()
                            : rows.getObject(column);
                    values.add(value == null ? "" : value instanceof Instant instant
                            ? DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS))
                            : value.toString());
                }
                lines.add(String.join("|", values));
            }
        }
        return lines;
    }

    private static List<String> lines(List<CSVRecord> records) {
        return records.stream().map(record -> String.join("|", record.toList())).toList();
    }

    @Test
    void roundTripsEveryObservationAndRankExactlyOnce() throws Exception {
        Path out = dir.resolve("ranks.csv");
        HistoryFixture.Result result = export("--out", out.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("Exported " + HistoryFixture.DAYS * HistoryFixture.ROWS_PER_DAY + " rows");

        assertThat(Files.readAllLines(out).get(0)).isEqualTo(String.join(",", ExportCommand.HEADER));
        List<CSVRecord> records = parse(out);
        assertThat(lines(records)).containsExactlyInAnyOrderElementsOf(databaseContents());
        List<CSVRecord> failures = records.stream().filter(record -> record.get("rank").isEmpty()).toList();
        assertThat(failures).hasSize(2).allSatisfy(record -> {
            assertThat(record.get("outcome")).isEqualTo("BLOCKED");
            assertThat(record.get("category")).isEmpty();
            assertThat(record.get("http_status")).isEqualTo("503");
        });
        CSVRecord first = records.get(0);
        assertThat(first.get("observed_at")).isEqualTo("2026-11-01T09:00:03Z");
        assertThat(records).anySatisfy(record -> {
            assertThat(record.get("label")).isEqualTo("Core Python, \"2nd\" edition");
            assertThat(record.get("category")).isEqualTo("Python, \"Programming\"");
            assertThat(record.get("is_main")).isEqualTo("false");
        });
        assertThat(dir).isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".partial"));
    }

    @Test
    void gzipsWhenTheFileEndsInGz() throws Exception {
        Path out = dir.resolve("ranks.csv.gz");
        assertThat(export("--out", out.toString()).exit()).isZero();
        try (Reader reader = new InputStreamReader(new GZIPInputStream(Files.newInputStream(out)), StandardCharsets.UTF_8)) {
            assertThat(lines(parse(reader))).containsExactlyInAnyOrderElementsOf(databaseContents());
        }
    }

    @Test
    void writesToStdoutWithTheSummaryOnStderr() throws Exception {
        HistoryFixture.Result result = export("--target", "shop/B2");
        assertThat(result.exit()).isZero();
        List<CSVRecord> records = parse(new StringReader(result.out()));
        assertThat(records).hasSize(HistoryFixture.DAYS).allSatisfy(record ->
                assertThat(record.get("target_key")).isEqualTo("shop/B2"));
        assertThat(result.err()).contains("Exported " + HistoryFixture.DAYS + " rows");
    }

    @Test
    void filtersByOutcomeGroupTargetAndTime() throws Exception {
        HistoryFixture.Result ok = export("--outcome", "ok");
        assertThat(parse(new StringReader(ok.out()))).hasSize(HistoryFixture.DAYS * HistoryFixture.ROWS_PER_DAY - 2)
                .allSatisfy(record -> assertThat(record.get("rank")).isNotEmpty());
        HistoryFixture.Result failures = export("--outcome", "BLOCKED", "--outcome", "timeout");
        assertThat(parse(new StringReader(failures.out()))).hasSize(2);
        HistoryFixture.Result music = export("--group", "music", "--since", "2026-11-02", "--until", "2026-11-03");
        assertThat(parse(new StringReader(music.out()))).hasSize(2 * 3).allSatisfy(record -> {
            assertThat(record.get("group")).isEqualTo("music");
            assertThat(record.get("observed_at")).startsWith("2026-11-0").matches(".*-0[23]T.*");
        });
        HistoryFixture.Result instant = export("--target", "shop/A1", "--target", "shop/C3",
                "--since", "2026-11-04T09:00:00Z");
        assertThat(parse(new StringReader(instant.out()))).hasSize(5);
    }

    @Test
    void ageBoundsCountBackFromNow() {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        assertThat(TimeArgument.parse("--since", "30d", now, false)).isEqualTo(Instant.parse("2026-10-31T12:00:00Z"));
        assertThat(TimeArgument.parse("--since", "12h", now, false)).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(TimeArgument.parse("--until", "2026-11-01", now, true)).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(TimeArgument.parse("--since", "2026-11-01", now, false)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(TimeArgument.parse("--since", "2026-11-01T10:00:00+02:00", now, false))
                .isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    }

    @Test
    void unknownNamesAndBadTimesExitWith2AndAHint() {
        HistoryFixture.Result target = export("--target", "shop/A", "--out", dir.resolve("x.csv").toString());
        assertThat(target.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(target.err()).contains("unknown target 'shop/A'", "did you mean shop/A1?", "export --help");
        HistoryFixture.Result group = export("--group", "films");
        assertThat(group.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(group.err()).contains("unknown group 'films'", "books, music");
        assertThat(export("--since", "yesterday").err()).contains("bad --since 'yesterday'");
        assertThat(export("--since", "2026-11-03", "--until", "2026-11-01").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(export("--outcome", "fine").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(dir.resolve("x.csv")).doesNotExist();
    }
}
