package io.rankkeeper.cli;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunReason;
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
import java.util.List;
import picocli.CommandLine;

/**
 * A config file and an H2 history for CLI tests: targets shop/A1 and shop/B2 (group books) and
 * shop/C3 (group music), one run a day for {@link #DAYS} days from {@link #T0}; B2 is blocked
 * on even days.
 */
final class HistoryFixture {

    static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");
    static final int DAYS = 4;
    /** Per day: A1 two ranks, B2 one rank or one failure row, C3 three ranks. */
    static final int ROWS_PER_DAY = 6;

    private HistoryFixture() {
    }

    /** Writes {@code dir/rankkeeper.yml} and a database under {@code dir/db}; returns the config path. */
    static Path create(Path dir) throws IOException {
        Path config = writeConfig(dir, "jdbc:h2:file:" + dir.resolve("db/rankkeeper"));
        try (Store store = Store.open(new DatabaseSettings("jdbc:h2:file:" + dir.resolve("db/rankkeeper"), null, null))) {
            fill(store);
        }
        return config;
    }

    static Path writeConfig(Path dir, String url) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("rankkeeper.yml");
        Files.writeString(config, """
                database:
                  url: %s
                groups:
                  - name: books
                    schedule: "0 0 9 * * ?"
                    extractor: amazon
                    targets:
                      - key: shop/A1
                        url: https://www.amazon.com/dp/A1
                        label: "Core Python, \\"2nd\\" edition"
                      - key: shop/B2
                        url: https://www.amazon.com/dp/B2
                  - name: music
                    schedule: "0 0 9 * * ?"
                    extractor: amazon
                    targets:
                      - key: shop/C3
                        url: https://www.amazon.com/dp/C3
                        label: Jazz
                """.formatted(url));
        return config;
    }

    private static void fill(Store store) {
        store.syncTargets(List.of(target("shop/A1", "books", "Core Python, \"2nd\" edition"),
                target("shop/B2", "books", null), target("shop/C3", "music", "Jazz")));
        for (int day = 0; day < DAYS; day++) {
            Instant at = T0.plus(Duration.ofDays(day));
            long books = store.startRun(new RunStart("books", 0, at, at, "test", RunReason.SCHEDULED, 2));
            long music = store.startRun(new RunStart("music", 0, at, at, "test", RunReason.SCHEDULED, 1));
            try (Store.ObservationWriter writer = store.openWriter()) {
                writer.add(ok("shop/A1", books, at, rank("Books", "283155", 1_000 + day, true),
                        rank("Python, \"Programming\"", "285856", 10 + day, false)));
                writer.add(day % 2 == 0 ? blocked("shop/B2", books, at)
                        : ok("shop/B2", books, at, rank("Books", "283155", 5_000 + day, true)));
                writer.add(ok("shop/C3", music, at, rank("Music", null, 77, true), rank("Jazz", "1", 3, false),
                        rank("Piano", "2", 1, false)));
            }
        }
    }

    static Target target(String key, String group, String label) {
        return new Target(key, group, URI.create("https://www.amazon.com/dp/" + key.substring(5)), label, null);
    }

    private static CategoryRank rank(String category, String nodeId, long rank, boolean main) {
        return new CategoryRank(category, nodeId, null, rank, main);
    }

    private static Observation ok(String key, long run, Instant at, CategoryRank... ranks) {
        return new Observation(key, run, at, at.plusSeconds(3), Outcome.OK, 200, 1, Duration.ofMillis(800), 400_000,
                null, null, "amazon", 3, "amazon.com", "A title", null, List.of(ranks));
    }

    private static Observation blocked(String key, long run, Instant at) {
        return new Observation(key, run, at, at.plusSeconds(2), Outcome.BLOCKED, 503, 3, Duration.ofSeconds(4), 2_000,
                null, null, null, 0, "amazon.com", null, "robot check", List.of());
    }

    /** Runs the command line with captured output. */
    static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    record Result(int exit, String out, String err) {
    }
}
