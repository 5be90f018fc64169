package io.rankkeeper.bench;

import io.rankkeeper.model.Target;
import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.Store;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Not a test: the storage benchmark's parts one at a time on a kept database, for profiling.
 * {@code StoreProbe write DIR OBSERVATIONS} writes (appending runs to an existing database is not
 * supported: start from an empty DIR); {@code StoreProbe read DIR OBSERVATIONS [TARGETS] [history]
 * [export]} measures history and latest ranks, the export, or both (the default) on it. The system
 * property {@code probe.urlSuffix} appends H2 settings to the URL, e.g. {@code ;PAGE_SIZE=4096}.
 */
public final class StoreProbe {

    private StoreProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        long observations = Long.parseLong(args[2]);
        int targetCount = args.length > 3 && args[3].matches("\\d+") ? Integer.parseInt(args[3])
                : (int) Math.max(Math.min(StoreBenchmark.MIN_TARGETS, observations),
                        observations / StoreBenchmark.RUNS_PER_TARGET);
        int runs = (int) ((observations + targetCount - 1) / targetCount);
        List<Target> targets = StoreBenchmark.targets(targetCount);
        String url = System.getProperty("probe.url",
                "jdbc:h2:file:" + dir.resolve("rankkeeper").toAbsolutePath() + System.getProperty("probe.urlSuffix", ""));
        PrintWriter out = new PrintWriter(System.out, true);
        Files.createDirectories(dir);
        List<String> parts = List.of(args).subList(3, args.length);
        if (args[0].equals("write")) {
            try (Store store = Store.open(new DatabaseSettings(url, null, null))) {
                store.syncTargets(targets);
                long start = System.nanoTime();
                long written = StoreBenchmark.write(store, targets, runs, observations, out);
                out.printf("write: %,d observations, %,.0f/s%n", written, written / ((System.nanoTime() - start) / 1e9));
            }
            return;
        }
        if (!parts.contains("export") || parts.contains("history")) {
            try (Store store = Store.open(new DatabaseSettings(url, null, null))) {
                for (int round = 0; round < 3; round++) {
                    double[] history = StoreBenchmark.historyMillis(store, targets, new Random(7 + round));
                    long start = System.nanoTime();
                    int latest = store.latestRanks().size();
                    out.printf("history p50 %.3f ms, p95 %.3f ms; latest %d rows %.1f ms%n",
                            StoreBenchmark.percentile(history, 50), StoreBenchmark.percentile(history, 95), latest,
                            (System.nanoTime() - start) / 1e6);
                }
            }
        }
        if (!parts.contains("history") || parts.contains("export")) {
            ExportFigures export = ExportProcess.run(url, dir);
            out.printf("export %,.0f rows/s, %,d rows, %.1f s, %s%n", export.rowsPerSecond(), export.rows(),
                    export.commandSeconds(), export.heap());
        }
    }
}
