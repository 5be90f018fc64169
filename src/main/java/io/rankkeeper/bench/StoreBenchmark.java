package io.rankkeeper.bench;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import io.rankkeeper.store.Compaction;
import io.rankkeeper.store.LatestRank;
import io.rankkeeper.store.RunStart;
import io.rankkeeper.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The storage part: N realistic observations written through the real store code (one batching
 * writer per hourly run, every target in every run, most of them OK with three ranks), then one
 * target's history, the latest rank of every target and the export read back: on the file as the
 * writes left it, and again after the compaction the daemon does at its start. Timed with the
 * wall clock. One instance per measurement; not thread-safe.
 */
final class StoreBenchmark {

    /**
     * History length per target at scale: about six weeks of hourly runs, the LIBRARIES.md
     * reference size. Small loads keep at least {@link #MIN_TARGETS} targets instead, so that a
     * run's fixed costs (its row, its writer, its commits) do not dominate.
     */
    static final int RUNS_PER_TARGET = 1_000;
    static final int MIN_TARGETS = 200;
    static final int HISTORY_SAMPLES = 200;
    /** Reads before the timed ones: a history is read by a long-lived process, with its decoder compiled. */
    private static final int HISTORY_WARMUP = 500;
    /** One attempt in this many is not OK (blocked, not ranked, timeout), as on a real day. */
    private static final int FAILURE_EVERY = 25;
    private static final Instant FIRST_RUN = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("3000-01-01T00:00:00Z");
    private static final String GROUP = "store-bench";

    private final PrintWriter progress;

    StoreBenchmark(PrintWriter progress) {
        this.progress = progress;
    }

    /** Writes and reads {@code observations} in {@code database}; {@code dir} holds the export's files. */
    StoreFigures run(long observations, StoreDatabase database, Path dir) throws IOException {
        int targetCount = (int) Math.max(Math.min(MIN_TARGETS, observations), observations / RUNS_PER_TARGET);
        int runs = (int) ((observations + targetCount - 1) / targetCount);
        progress.printf("  into %s%n", database.description());
        progress.flush();
        List<Target> targets = targets(targetCount);
        String load = ProcessStats.loadAverage();
        long written;
        Duration insert;
        try (Store store = Store.open(database.settings())) {
            store.syncTargets(targets);
            long start = System.nanoTime();
            written = write(store, targets, runs, observations, progress);
            insert = Duration.ofNanos(System.nanoTime() - start);
        }
        StoreFigures.ReadFigures asWritten = reads(database, dir, targets);
        Compaction compaction = compactAsDaemonStartDoes(database, asWritten.databaseBytes());
        StoreFigures.ReadFigures compacted = compaction.compacted() ? reads(database, dir, targets) : null;
        return new StoreFigures(database.description(), written, targetCount, runs, insert, load, asWritten,
                compaction, compacted);
    }

    /** What the daemon's start would do to the database: only an embedded H2 file is compacted. */
    private Compaction compactAsDaemonStartDoes(StoreDatabase database, long bytes) {
        if (!database.compactable()) {
            return new Compaction(bytes, -1, bytes, Duration.ZERO, false, false,
                    "only an embedded H2 file is compacted at the daemon's start");
        }
        progress.printf("  compaction: as the daemon does at its start (database.compactAtStart)%n");
        progress.flush();
        Compaction compaction = Store.compactAsDaemonStartDoes(database.settings());
        progress.printf("  compaction: %s%n", compaction.why());
        progress.flush();
        return compaction;
    }

    /** One target's history, the latest ranks and the export, on the database as it is now. */
    private StoreFigures.ReadFigures reads(StoreDatabase database, Path dir, List<Target> targets)
            throws IOException {
        long databaseBytes = database.bytes();
        double[] history;
        List<LatestRank> latest;
        Duration latestCold;
        Duration latestWarm;
        try (Store store = Store.open(database.settings())) {
            history = historyMillis(store, targets, new Random(7));
            long coldStart = System.nanoTime();
            latest = store.latestRanks();
            latestCold = Duration.ofNanos(System.nanoTime() - coldStart);
            long warmStart = System.nanoTime();
            store.latestRanks();
            latestWarm = Duration.ofNanos(System.nanoTime() - warmStart);
        }
        progress.printf("  export: the export command in a child JVM (%s)%n", ExportProcess.jvmOptions());
        progress.flush();
        ExportFigures export = ExportProcess.run(database.settings().url(), dir);
        return new StoreFigures.ReadFigures(databaseBytes, percentile(history, 50), percentile(history, 95),
                latest.size(), latestCold, latestWarm, export);
    }

    /**
     * Writes {@code observations} through the store: one writer per hourly run of every target,
     * packing asked for after each run as the daemon does (in the background, while the next run
     * writes). Returns how many were written, once the packing asked for is done too.
     */
    static long write(Store store, List<Target> targets, int runs, long observations, PrintWriter progress) {
        int targetCount = targets.size();
        long written = 0;
        long start = System.nanoTime();
        Random random = new Random(42);
        for (int run = 0; run < runs && written < observations; run++) {
            Instant scheduledAt = FIRST_RUN.plus(Duration.ofHours(run));
            int inRun = (int) Math.min(targetCount, observations - written);
            long runId = store.startRun(new RunStart(GROUP, 0, scheduledAt, scheduledAt, "bench",
                    RunReason.SCHEDULED, inRun));
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            try (Store.ObservationWriter writer = store.openWriter()) {
                for (int index = 0; index < inRun; index++) {
                    Observation observation = observation(targets.get(index), index, runId, run, scheduledAt,
                            random);
                    writer.add(observation);
                    counts.merge(observation.outcome(), 1, Integer::sum);
                }
            }
            store.finishRun(runId, scheduledAt.plusSeconds(60), RunStatus.COMPLETED, counts);
            store.packHistoryLater();
            written += inRun;
            if (run % 100 == 99 || run == runs - 1) {
                progress.printf("  stored %,d observations (%.0f/s)%n", written,
                        written / ((System.nanoTime() - start) / 1e9));
                progress.flush();
            }
        }
        long packStart = System.nanoTime();
        long packed = store.awaitPacking();
        progress.printf("  packed %,d of them into history_block in the background (%.1f s of packing left after"
                + " the last run)%n", packed, (System.nanoTime() - packStart) / 1e9);
        progress.flush();
        return written;
    }

    static List<Target> targets(int count) {
        List<Target> targets = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            targets.add(new Target("store/" + BenchCatalog.asin(index), GROUP,
                    URI.create("https://www.amazon.com/dp/" + BenchCatalog.asin(index)), "Book " + index, null));
        }
        return targets;
    }

    /** Each target keeps its categories; its ranks drift from run to run. */
    private static Observation observation(Target target, int index, long runId, int run, Instant scheduledAt,
            Random random) {
        Instant observedAt = scheduledAt.plusMillis(200 + random.nextInt(50_000));
        Duration duration = Duration.ofMillis(300 + random.nextInt(1_500));
        int roll = random.nextInt(FAILURE_EVERY * 3);
        if (roll < 3) {
            Outcome outcome = roll == 0 ? Outcome.BLOCKED : roll == 1 ? Outcome.NOT_RANKED : Outcome.TIMEOUT;
            Integer status = outcome == Outcome.TIMEOUT ? null : 200;
            return new Observation(target.key(), runId, scheduledAt, observedAt, outcome, status,
                    outcome == Outcome.TIMEOUT ? 1 : 1, duration, outcome == Outcome.TIMEOUT ? 0 : 6_000,
                    target.url().toString(), null, null, 0, "amazon.com", null, outcome + " in the benchmark", List.of());
        }
        long base = 1_000L + (index * 7_919L) % 2_000_000;
        long drift = Math.round(base * 0.3 * Math.sin((run + index) / 24.0));
        String[] first = BenchCatalog.subCategory(index);
        String[] second = BenchCatalog.subCategory(index + 5);
        List<CategoryRank> ranks = List.of(
                new CategoryRank("Books", "books", null, Math.max(1, base + drift), true),
                new CategoryRank(first[0], first[1], null, 1 + random.nextInt(5_000), false),
                new CategoryRank(second[0], second[1], null, 1 + random.nextInt(5_000), false));
        return new Observation(target.key(), runId, scheduledAt, observedAt, Outcome.OK, 200, 1, duration,
                600_000 + random.nextInt(400_000), target.url().toString(), Long.toHexString(random.nextLong()),
                "amazon", 1, "amazon.com", target.label(), null, ranks);
    }

    static double[] historyMillis(Store store, List<Target> targets, Random random) {
        for (int warmup = 0; warmup < HISTORY_WARMUP; warmup++) {
            store.history(targets.get(random.nextInt(targets.size())).key(), Instant.EPOCH, FAR_FUTURE);
        }
        double[] millis = new double[HISTORY_SAMPLES];
        for (int sample = 0; sample < HISTORY_SAMPLES; sample++) {
            String key = targets.get(random.nextInt(targets.size())).key();
            long start = System.nanoTime();
            store.history(key, Instant.EPOCH, FAR_FUTURE);
            millis[sample] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    static double percentile(double[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}
