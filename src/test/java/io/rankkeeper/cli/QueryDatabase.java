package io.rankkeeper.cli;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.RunStart;
import io.rankkeeper.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A config and a real H2 database written through the real {@link Store} API, for the query
 * commands: a few targets over several days, OK and failed attempts, several categories, an
 * interrupted run and a host in backoff.
 *
 * <pre>
 * A  amazon.com/0132269937 "Clean Code Handbook"  books   10d #5,000/#12  8d #4,000/#10  6d #4,500/#11
 *                                                         3d BLOCKED      1d #3,000/#9   1h BLOCKED
 * B  amazon.com/B00TEST002 "Python Crash Course"  books   2d #100         1h #90
 * C  amazon.de/3836278340  "Python Handbuch"      german  never attempted
 * D  amazon.com/B0INACTIVE "Old Book"             books   9d #777 (inactive: no longer in the config)
 * </pre>
 */
final class QueryDatabase {

    static final String A = "amazon.com/0132269937";
    static final String B = "amazon.com/B00TEST002";
    static final String C = "amazon.de/3836278340";
    static final String D = "amazon.com/B0INACTIVE";
    /** In the config but never synced: a command that synced targets would add it. */
    static final String NOT_SYNCED = "amazon.de/NOTSYNCED1";
    static final String NODE = "test-node";
    static final String BACKED_OFF_HOST = "www.amazon.de";

    /** When the data was written, to the second; every stored time is relative to it. */
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final Path config;
    private final String url;

    private QueryDatabase(Path dir) throws IOException {
        url = "jdbc:h2:file:" + dir.resolve("data/rankkeeper").toAbsolutePath();
        config = dir.resolve("rankkeeper.yml");
        Files.writeString(config, """
                database:
                  url: %s
                groups:
                  - name: books
                    schedule: "0 0 * * * ?"
                    timeZone: UTC
                    catchUp: once
                    targets:
                      - key: %s
                        url: https://www.amazon.com/dp/0132269937
                        label: "Clean Code Handbook"
                      - key: %s
                        url: https://www.amazon.com/dp/B00TEST002
                        label: "Python Crash Course"
                  - name: german
                    schedule: "0 30 6 * * ?"
                    timeZone: Europe/Berlin
                    catchUp: skip
                    targets:
                      - key: %s
                        url: https://www.amazon.de/dp/3836278340
                        label: "Python Handbuch"
                      - key: %s
                        url: https://www.amazon.de/dp/NOTSYNCED1
                        label: "Added to the config, not synced yet"
                """.formatted(url, A, B, C, NOT_SYNCED));
    }

    /** Writes the config only: the database file does not exist. */
    static QueryDatabase configOnly(Path dir) throws IOException {
        return new QueryDatabase(dir);
    }

    static QueryDatabase populated(Path dir) throws IOException {
        QueryDatabase database = new QueryDatabase(dir);
        database.populate();
        return database;
    }

    private void populate() {
        Target a = target(A, "books", "https://www.amazon.com/dp/0132269937", "Clean Code Handbook");
        Target b = target(B, "books", "https://www.amazon.com/dp/B00TEST002", "Python Crash Course");
        Target c = target(C, "german", "https://www.amazon.de/dp/3836278340", "Python Handbuch");
        Target d = target(D, "books", "https://www.amazon.com/dp/B0INACTIVE", "Old Book");
        try (Store store = Store.open(new DatabaseSettings(url, null, null))) {
            store.syncTargets(List.of(a, b, c, d));
            run(store, daysAgo(10), ok(A, 5_000, 12));
            run(store, daysAgo(9), ok(D, 777));
            run(store, daysAgo(8), ok(A, 4_000, 10));
            run(store, daysAgo(6), ok(A, 4_500, 11));
            run(store, daysAgo(3), failed(A, Outcome.BLOCKED, 503, "robot check page"));
            run(store, daysAgo(2), ok(B, 100));
            run(store, daysAgo(1), ok(A, 3_000, 9));
            run(store, now.minus(Duration.ofHours(1)), failed(A, Outcome.BLOCKED, 200, "captcha form"), ok(B, 90));
            // D left the config: synced away, so it is inactive but keeps its history
            store.syncTargets(List.of(a, b, c));
            // a run of 'german' that died: left RUNNING, then marked at the next start
            store.startRun(new RunStart("german", 0, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(2)),
                    NODE, RunReason.SCHEDULED, 1));
            store.markDanglingRunsInterrupted(NODE);
            store.saveHostBackoffs(Map.of(BACKED_OFF_HOST, now.plus(Duration.ofMinutes(30))));
        }
    }

    /** The database this config names, for a test that opens it itself. */
    DatabaseSettings settings() {
        return new DatabaseSettings(url, null, null);
    }

    Instant daysAgo(int days) {
        return now.minus(Duration.ofDays(days));
    }

    /** One completed run of the group "books" at {@code at} with these attempts. */
    private static void run(Store store, Instant at, PendingObservation... attempts) {
        long runId = store.startRun(new RunStart("books", 0, at, at, NODE, RunReason.SCHEDULED, attempts.length));
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        try (Store.ObservationWriter writer = store.openWriter()) {
            for (PendingObservation attempt : attempts) {
                writer.add(attempt.observe(runId, at));
                counts.merge(attempt.outcome(), 1, Integer::sum);
            }
        }
        store.finishRun(runId, at.plusSeconds(3), RunStatus.COMPLETED, counts);
    }

    private static PendingObservation ok(String key, long booksRank, long... pythonRank) {
        return new PendingObservation(key, Outcome.OK, 200, null, booksRank, pythonRank);
    }

    private static PendingObservation failed(String key, Outcome outcome, int httpStatus, String detail) {
        return new PendingObservation(key, outcome, httpStatus, detail, 0, new long[0]);
    }

    private record PendingObservation(String key, Outcome outcome, int httpStatus, String detail, long booksRank,
            long[] pythonRank) {

        Observation observe(long runId, Instant at) {
            List<CategoryRank> ranks = outcome != Outcome.OK ? List.of()
                    : pythonRank.length == 0 ? List.of(new CategoryRank("Books", "283155", null, booksRank, true))
                    : List.of(new CategoryRank("Books", "283155", null, booksRank, true),
                            new CategoryRank("Python Programming", "285856", null, pythonRank[0], false));
            return new Observation(key, runId, at, at, outcome, httpStatus, 1, Duration.ofMillis(800), 1000,
                    null, null, outcome == Outcome.OK ? "amazon" : null, outcome == Outcome.OK ? 1 : 0,
                    key.startsWith("amazon.de") ? "amazon.de" : "amazon.com", null, detail, ranks);
        }
    }

    private static Target target(String key, String group, String url, String label) {
        return new Target(key, group, URI.create(url), label, null);
    }

    /** Runs {@code rankkeeper <args> --config <this config>} in this JVM, capturing its output. */
    Result execute(String... args) {
        return executeWith(config, args);
    }

    /** As {@link #execute}, with another config file. */
    Result executeWith(Path configFile, String... args) {
        String[] withConfig = new String[args.length + 2];
        System.arraycopy(args, 0, withConfig, 0, args.length);
        withConfig[args.length] = "--config";
        withConfig[args.length + 1] = configFile.toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(withConfig);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** What a command printed and returned. */
    record Result(int exitCode, String out, String err) {

        /** The data rows of the (first) ASCII table in {@code out}, each as its trimmed cells. */
        List<List<String>> tableRows() {
            List<String> lines = out.lines().toList();
            List<List<String>> rows = new java.util.ArrayList<>();
            int borders = 0;
            for (String line : lines) {
                if (line.startsWith("+")) {
                    borders++;
                    if (borders == 3) {
                        break;
                    }
                } else if (line.startsWith("|") && borders == 2) {
                    String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
                    rows.add(java.util.Arrays.stream(cells).map(String::trim).toList());
                }
            }
            return rows;
        }

        /** The header cells of the first table. */
        List<String> tableHeader() {
            String line = out.lines().filter(text -> text.startsWith("|")).findFirst().orElseThrow();
            return java.util.Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1)).map(String::trim)
                    .toList();
        }
    }
}
