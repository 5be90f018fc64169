package io.rankkeeper.store;

import io.rankkeeper.model.JdbcUrls;
import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.Target;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a unit test: prints the insert rate of the observation writer into a fresh H2 file.
 * {@code java ... io.rankkeeper.store.WriteBenchmark [observations] [batchSize] [database directory or JDBC URL] [H2 URL settings]}
 * (defaults: 200000, 500, a temp directory, none; settings such as {@code ;CACHE_SIZE=131072}). Every observation is OK with 3 ranks.
 */
public final class WriteBenchmark {

    private static final int TARGETS = 10_000;
    private static final int CATEGORIES = 200;

    private WriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int observations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        boolean givenUrl = args.length > 2 && args[2].startsWith("jdbc:");
        Path directory = givenUrl ? null : args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("rankkeeper-bench");
        String url = givenUrl ? args[2] : "jdbc:h2:file:" + directory.resolve("bench") + (args.length > 3 ? args[3] : "");
        Instant start = Instant.parse("2026-01-01T00:00:00Z");

        try (Store store = Store.open(new DatabaseSettings(url, null, null))) {
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < TARGETS; i++) {
                targets.add(new Target("amazon.com/B" + i, "bench", URI.create("https://www.amazon.com/dp/B" + i),
                        null, null));
            }
            store.syncTargets(targets);
            long runId = store.startRun(new RunStart("bench", 0, start, start, "bench", RunReason.MANUAL, TARGETS));

            List<Observation> prepared = new ArrayList<>(observations);
            for (int i = 0; i < observations; i++) {
                int target = i % TARGETS;
                Instant scheduled = start.plus(Duration.ofHours(i / TARGETS));
                List<CategoryRank> ranks = List.of(
                        new CategoryRank("Books", "283155", null, 1 + (i * 7919L) % 5_000_000, true),
                        new CategoryRank("Sub " + (target % CATEGORIES), "n" + (target % CATEGORIES), null, 1 + i % 100, false),
                        new CategoryRank("Other " + (target % 37), null, null, 1 + i % 1000, false));
                prepared.add(new Observation(targets.get(target).key(), runId, scheduled, scheduled.plusSeconds(3),
                        Outcome.OK, 200, 1, Duration.ofMillis(900), 600_000, null, "0123456789abcdef", "amazon", 1,
                        "amazon.com", "A book title", null, ranks));
            }

            long began = System.nanoTime();
            try (Store.ObservationWriter writer = store.openWriter(batchSize, Duration.ofMillis(200))) {
                for (Observation observation : prepared) {
                    writer.add(observation);
                }
                writer.flush();
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("%s: %,d observations with 3 ranks each, batch %d: %.1f s, %,.0f observations/s"
                    + " (%,.0f rank rows/s)%n", JdbcUrls.masked(url), observations, batchSize, seconds, observations / seconds,
                    observations * 3 / seconds);
        }
        if (directory != null) {
            System.out.printf("database file: %,d MB%n", Files.size(directory.resolve("bench.mv.db")) / 1_000_000);
        }
    }
}
