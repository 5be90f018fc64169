package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.JdbcUrls;
import io.rankkeeper.store.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench --smoke} end to end: child-JVM server, real runs, storage part; the report has every figure. */
class BenchSmokeIT {

    @Test
    void smokeReportHasEveryFigureAndNoMismatch() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("bench", "--smoke", "--hosts", "4");

        String report = out.toString();
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(report).contains("command:     java -jar target/rankkeeper.jar bench --smoke --hosts 4");
        // each scenario first runs 40 of its 200 targets unreported, once or more; the figures are the last run's
        assertThat(report).contains("warm-up:     100 targets at 0 ms before the scenarios, then runs of 40 in each"
                + " scenario's engine")
                .contains("until one in which the JIT compiler took at most 10 % of the CPU (5 at most)");
        assertThat(err.toString()).contains("Scenario: 200 targets after runs of 40 unreported, 0 ms, 32 in flight")
                .containsPattern("  \\d+ pages of warm-up, then \\d+ pages/s");
        // which collector ran, and G1's region size: a page of half a region or more costs G1 more
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().get(0).getName();
        assertThat(report).containsPattern("collector [^,]*" + Pattern.quote(collectors)
                + (collectors.startsWith("G1") ? "[^,]*\\(\\d+ MB regions\\)" : ""));
        // the tests' JVM keeps HotSpot's default, which stops idle compiler threads and so loses their time
        assertThat(report).contains("this JVM stops compiler threads it has no work for")
                .contains("JIT may read low or n/a (-XX:-UseDynamicNumberOfCompilerThreads keeps them)");
        List<String[]> rows = report.lines().filter(line -> line.matches("\\| \\d+ ms .*"))
                .map(line -> Arrays.stream(line.split("\\|")).skip(1).map(String::strip).toArray(String[]::new))
                .toList();
        assertThat(rows).hasSize(2);
        for (String[] row : rows) {
            assertThat(row).hasSize(16).doesNotContain("", "n/a", "NaN");
            int warmupPages = Integer.parseInt(row[3]);
            assertThat(warmupPages % 40).as("warm-up pages: whole runs of 40").isZero();
            assertThat(warmupPages).as("warm-up pages: one to five runs").isBetween(40, 200);
            assertThat(Double.parseDouble(row[5].replace(",", ""))).as("pages/s").isPositive();
            assertThat(Double.parseDouble(row[8])).as("client CPU ms/page").isPositive();
            double cpu = Double.parseDouble(row[8]);
            assertThat(Double.parseDouble(row[9])).as("of it JIT ms/page").isNotNegative().isLessThanOrEqualTo(cpu);
            assertThat(Double.parseDouble(row[10])).as("of it GC ms/page").isNotNegative().isLessThanOrEqualTo(cpu);
            assertThat(Double.parseDouble(row[12])).as("peak RSS MB").isPositive();
            assertThat(row[13]).as("mismatches").isEqualTo("0");
            assertThat(row[14]).as("not OK").isEqualTo("0");
        }
        assertThat(rows.get(0)[0]).isEqualTo("0 ms");
        assertThat(rows.get(1)[0]).isEqualTo("20 ms");
        assertThat(rows.get(1)[7]).as("share of the I/O limit").endsWith("%");
        assertThat(report).containsPattern("insert +\\| [\\d,]+ observations/s")
                .containsPattern("history p50 +\\| \\d+\\.\\d+ ms")
                .containsPattern("history p95 +\\| \\d+\\.\\d+ ms")
                .containsPattern("latest ranks +\\| [\\d,]+ ms cold, [\\d,]+ ms warm \\([\\d,]+ rows\\)")
                .contains("20,000 (200 targets x 100 runs")
                .containsPattern("export +\\| [\\d,]+ rows/s")
                // the export runs as the README advises for a large one
                .containsPattern("export +\\| [\\d,]+ rows/s .*\\), -Xmx64m -XX:\\+UseParallelGC +\\|")
                .containsPattern("export heap +\\| ");
    }

    /**
     * The storage part on PostgreSQL ({@code --store-url}): written and read in a fresh schema
     * of the given database, which is gone again afterwards; nothing to compact.
     */
    @Test
    void storagePartRunsOnPostgresqlInAFreshSchemaDroppedAfter() throws Exception {
        String url = TestPostgres.adminUrl();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("bench", "--targets", "0", "--observations", "4000", "--store-url", url);

        String report = out.toString();
        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
        Matcher schema = Pattern.compile(
                "Storage: PostgreSQL [\\d.]+.*, autovacuum (on|off) \\(schema (rankkeeper_bench_\\w+) of ").matcher(report);
        assertThat(schema.find()).as(report).isTrue();
        assertThat(report).contains("--store-url '" + JdbcUrls.masked(url) + "'")
                .contains("4,000 (200 targets x 20 runs")
                .containsPattern("insert +\\| [\\d,]+ observations/s")
                .containsPattern("database size +\\| [\\d,]+ MB")
                .containsPattern("history p50 +\\| \\d+\\.\\d+ ms")
                .containsPattern("latest ranks +\\| [\\d,]+ ms cold, [\\d,]+ ms warm \\(600 rows\\)")
                .containsPattern("export +\\| [\\d,]+ rows/s \\([\\d,]+ rows")
                .containsPattern("compaction at start +\\| not done: only an embedded H2 file is compacted");
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?")) {
            statement.setString(1, schema.group(2));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                assertThat(row.getLong(1)).as("schema " + schema.group(2) + " left behind").isZero();
            }
        }
    }

    /** A --store-url that does not work fails at once, as a database error, before the fetch part's minutes. */
    @Test
    void aStoreUrlWhoseDatabaseDoesNotExistFailsBeforeTheFetchPart() {
        String url = TestPostgres.adminUrl().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1rankkeeper_no_such_db");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("bench", "--targets", "200", "--latency", "0", "--concurrency", "32",
                "--observations", "100", "--store-url", url);

        assertThat(exitCode).isEqualTo(ExitCodes.DATABASE);
        assertThat(err.toString()).contains("error: database: ").contains("rankkeeper_no_such_db")
                .contains("Check the URL given to --store-url")
                .doesNotContain("Starting the page server").doesNotContain("\tat ");
        assertThat(out.toString()).doesNotContain("Fetch:");
    }

    @Test
    void refusesAStoreUrlWithoutAStoragePart() {
        assertThat(refusal("--targets", "200", "--observations", "0", "--store-url",
                "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"))
                .contains("--observations 0 skips that part");
    }

    @Test
    void refusesAScenarioWarmupLargerThanTheScenario() {
        assertThat(refusal("--targets", "200", "--scenario-warmup", "201"))
                .contains("--scenario-warmup takes at most as many targets as --targets (200), was 201");
    }

    @Test
    void refusesANegativeSizeNamingTheOption() {
        assertThat(refusal("--scenario-warmup", "-1", "--observations", "0"))
                .contains("--scenario-warmup must be 0 or more, was -1");
        assertThat(refusal("--warmup", "-5")).contains("--warmup must be 0 or more, was -5");
    }

    @Test
    void refusesAStoreUrlThatIsNotPostgresql() {
        assertThat(refusal("--targets", "0", "--store-url", "jdbc:h2:file:/tmp/x;PASSWORD=secret"))
                .contains("--store-url takes a PostgreSQL JDBC URL")
                .contains("without it the storage part uses a fresh H2 file").doesNotContain("secret");
    }

    /** Runs {@code bench} with the options, expects a usage error and returns what it printed on stderr. */
    private static String refusal(String... options) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));

        String[] arguments = new String[options.length + 1];
        arguments[0] = "bench";
        System.arraycopy(options, 0, arguments, 1, options.length);
        int exitCode = commandLine.execute(arguments);

        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.USAGE);
        return err.toString();
    }
}
