package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad command lines, as users mistype them, against a real config and database: each is refused
 * with exit code 2, an {@code error:} line that names what was wrong (and, where it can, what
 * would be right), a hint to the command's {@code --help}, nothing on stdout and no stack trace.
 */
class BadArgumentsTest {

    /**
     * @param name what is wrong
     * @param args the command line ({@code --config} is added at the end)
     * @param says pieces the error must contain
     * @param help the command whose {@code --help} the hint must name
     */
    record Case(String name, List<String> args, List<String> says, String help) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case of(String name, String help, List<String> says, String... args) {
        return new Case(name, List.of(args), says, help);
    }

    static Stream<Case> cases() {
        String a = QueryDatabase.A;
        return Stream.of(
                of("unknown command", "rankkeeper", List.of("Unmatched argument", "'frobnicate'"), "frobnicate"),
                of("misspelt command", "rankkeeper", List.of("'histroy'", "Did you mean", "history"), "histroy", a),
                of("unknown option", "rankkeeper run", List.of("Unknown option: '--bogus'"), "run", "--bogus"),
                of("misspelt option", "rankkeeper history", List.of("Unknown option", "'--sinse'", "--since"),
                        "history", a, "--sinse", "1d"),
                of("extra argument", "rankkeeper status", List.of("Unmatched argument", "'now'"), "status", "now"),
                of("history without a target", "rankkeeper history", List.of("Missing required parameter", "TARGET"),
                        "history"),
                of("sql without a query", "rankkeeper sql", List.of("Missing required parameter", "QUERY"), "sql"),
                of("option without its value", "rankkeeper history", List.of("--since"), "history", a, "--since"),
                of("unknown target for history", "rankkeeper history",
                        List.of("no target matches 'no-such-book'", "rankkeeper targets"), "history", "no-such-book"),
                of("ambiguous target for history", "rankkeeper history",
                        List.of("'python' matches 2 targets", QueryDatabase.B, QueryDatabase.C), "history", "python"),
                of("unknown target for run", "rankkeeper run", List.of("unknown target 'amazon.com/nope'"), "run",
                        "--target", "amazon.com/nope"),
                of("unknown target for export", "rankkeeper export", List.of("unknown target 'amazon.com/nope'"),
                        "export", "--target", "amazon.com/nope"),
                of("unknown group for run", "rankkeeper run", List.of("unknown group 'films'", "books, german"), "run",
                        "--group", "films"),
                of("unknown group for targets", "rankkeeper targets", List.of("'films'", "books, german"), "targets",
                        "--group", "films"),
                of("unknown group for export", "rankkeeper export", List.of("'films'"), "export", "--group", "films"),
                of("since in words", "rankkeeper history", List.of("bad --since 'yesterday'", "30d", "2026-11-01"),
                        "history", a, "--since", "yesterday"),
                of("until on the 45th of the 13th month", "rankkeeper history", List.of("bad --until '2026-13-45'"),
                        "history", a, "--until", "2026-13-45"),
                of("since after until", "rankkeeper history", List.of("must be before --until"), "history", a,
                        "--since", "1d", "--until", "2d"),
                of("since with a unit nobody knows", "rankkeeper export", List.of("--since", "'3 fortnights'"), "export",
                        "--since", "3 fortnights"),
                of("local date-time without a zone", "rankkeeper export", List.of("--until", "'2026-11-01 10:00'"),
                        "export", "--until", "2026-11-01 10:00"),
                of("history as xml", "rankkeeper history", List.of("--format", "'xml'", "TABLE, CSV, JSON"), "history", a,
                        "--format", "xml"),
                of("targets as yaml", "rankkeeper targets", List.of("--format", "'yaml'"), "targets", "--format", "yaml"),
                of("status as csv", "rankkeeper status", List.of("--format", "'csv'", "TABLE, JSON"), "status",
                        "--format", "csv"),
                of("sql as xml", "rankkeeper sql", List.of("--format", "'xml'"), "sql", "--format", "xml", "SELECT 1"),
                of("progress mode unknown", "rankkeeper run", List.of("--progress", "'fancy'"), "run", "--progress",
                        "fancy"),
                of("max rows negative", "rankkeeper sql", List.of("--max-rows"), "sql", "--max-rows", "-1", "SELECT 1"),
                of("max rows in words", "rankkeeper sql", List.of("--max-rows", "'many'"), "sql", "--max-rows", "many",
                        "SELECT 1"),
                of("outcome unknown", "rankkeeper export", List.of("'fine'"), "export", "--outcome", "fine"),
                of("category and all categories", "rankkeeper history", List.of("--category", "--all-categories"),
                        "history", a, "--category", "Books", "--all-categories"),
                of("format without its value", "rankkeeper targets", List.of("--format"), "targets", "--format"));
    }

    @TempDir
    static Path folder;

    private static QueryDatabase database;

    @BeforeAll
    static void writeConfigAndDatabase() throws IOException {
        database = QueryDatabase.populated(folder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badArgumentsExitTwoWithAClearMessageAndAUsageHint(Case bad) {
        QueryDatabase.Result result = database.execute(bad.args().toArray(String[]::new));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: ")
                .contains(bad.says())
                .contains("Try '" + bad.help() + " --help' for usage.")
                .doesNotContain("\tat ", "Exception");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void aMissingOrUnreadableConfigFileIsAUsageError(String name) {
        Path missing = folder.resolve(name);

        for (String command : List.of("run", "daemon", "status", "targets", "export")) {
            QueryDatabase.Result result = execute(command, "--config", missing.toString());

            assertThat(result.exitCode()).as(command + ": " + result.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains(missing.toString()).contains("--config");
        }
    }

    private static QueryDatabase.Result execute(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new QueryDatabase.Result(exit, out.toString(), err.toString());
    }

    static Stream<String> configs() {
        return Stream.of("no-such.yml", ".");
    }
}
