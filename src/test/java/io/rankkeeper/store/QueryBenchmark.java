package io.rankkeeper.store;

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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a unit test: prints how long the read-only commands' queries take on a large H2 history.
 * {@code java ... io.rankkeeper.store.QueryBenchmark [observations] [targets] [database directory]}
 * (defaults: 10000000, 1000, a temp directory; an existing directory's database is reused).
 * Rows are written through the store's own writer (so latest_rank_entry is kept as in real use):
 * each target observed hourly up to now, one attempt in 13 BLOCKED, OK ones with one main rank.
 */
public final class QueryBenchmark {

    private static final int BATCH = 2_000;

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long observations = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int targetCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path directory = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("rankkeeper-query-bench");
        boolean reuse = Files.exists(directory.resolve("bench.mv.db"));
        String url = "jdbc:h2:file:" + directory.resolve("bench");
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        if (!reuse) {
            try (Store store = Store.open(new DatabaseSettings(url, null, null))) {
                generate(store, observations, targetCount, now);
            }
        }
        try (Store store = Store.open(new DatabaseSettings(url, null, null))) {
            long rows = store.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM observation")
                    .mapTo(Long.class).one());
            System.out.printf("%,d observations, %d targets in %s%n", rows, targetCount, directory);
            for (int round = 1; round <= 3; round++) {
                long began = System.nanoTime();
                List<TargetSummary> summaries = store.targetSummaries(Instant.now(), Instant.now().minus(Duration.ofDays(7)));
                long targetsMillis = (System.nanoTime() - began) / 1_000_000;
                String key = summaries.get(summaries.size() / 2).target().key();
                began = System.nanoTime();
                List<HistoryEntry> history = store.history(key, Instant.now().minus(Duration.ofDays(30)), Instant.now());
                long historyMillis = (System.nanoTime() - began) / 1_000_000;
                began = System.nanoTime();
                store.lastRuns();
                store.troubledRunsSince(Instant.now().minus(Duration.ofDays(1)));
                store.hostBackoffs();
                long statusMillis = (System.nanoTime() - began) / 1_000_000;
                System.out.printf("round %d: targets (%d summaries) %d ms (%.2f ms per target); history of one target, "
                        + "30 days (%d attempts) %d ms; status queries %d ms%n", round, summaries.size(), targetsMillis,
                        targetsMillis / (double) summaries.size(), history.size(), historyMillis, statusMillis);
            }
            // for comparison: the plain query for "newest attempt of one target" that H2 answers by reading
            // the target's whole index range
            long targetId = store.targets().get(0).id();
            long began = System.nanoTime();
            store.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT outcome FROM observation WHERE target_id = :id ORDER BY observed_at DESC LIMIT 1")
                    .bind("id", targetId).mapTo(String.class).one());
            System.out.printf("for comparison, ORDER BY observed_at DESC LIMIT 1 for one target: %d ms%n",
                    (System.nanoTime() - began) / 1_000_000);
        }
    }

    private static void generate(Store store, long observations, int targetCount, Instant now) {
        long began = System.nanoTime();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < targetCount; i++) {
            targets.add(new Target("amazon.com/B" + i, "bench", URI.create("https://www.amazon.com/dp/B" + i),
                    "Book " + i, null));
        }
        store.syncTargets(targets);
        long hours = observations / targetCount;
        Instant first = now.minus(Duration.ofHours(hours));
        long runId = store.startRun(new RunStart("bench", 0, first, first, "bench", RunReason.MANUAL, targetCount));
        // hour by hour, every target: the order a real daemon writes in
        try (Store.ObservationWriter writer = store.openWriter(BATCH, Duration.ofMillis(200))) {
            for (long hour = 0; hour < hours; hour++) {
                Instant scheduled = first.plus(Duration.ofHours(hour));
                for (int target = 0; target < targetCount; target++) {
                    long i = hour * targetCount + target;
                    boolean blocked = i % 13 == 0;
                    writer.add(new Observation(targets.get(target).key(), runId, scheduled, scheduled.plusSeconds(3),
                            blocked ? Outcome.BLOCKED : Outcome.OK, 200, 1, Duration.ofMillis(900), 600_000, null,
                            null, "amazon", 1, "amazon.com", null, null, blocked ? List.of()
                                    : List.of(new CategoryRank("Books", "283155", null, 1 + (i * 7919L) % 5_000_000,
                                            true))));
                }
                if (hour % 1000 == 999) {
                    System.out.printf("%,d observations queued in %d s%n", (hour + 1) * targetCount,
                            (System.nanoTime() - began) / 1_000_000_000);
                }
            }
        }
        System.out.printf("generated in %d s%n", (System.nanoTime() - began) / 1_000_000_000);
    }
}
