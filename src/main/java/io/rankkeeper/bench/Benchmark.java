package io.rankkeeper.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * rankkeeper's benchmark (issue 6): real scrape runs against a local shop of realistic product
 * pages in a child JVM, at each latency and concurrency, then the storage part on N generated
 * observations. Prints a report to paste into the README; progress goes to a second writer.
 * Measures only: it changes nothing in the pipeline. Not thread-safe; one run at a time.
 */
public final class Benchmark {

    private final BenchSettings settings;
    private final PrintWriter out;
    private final PrintWriter progress;

    public Benchmark(BenchSettings settings, PrintWriter out, PrintWriter progress) {
        this.settings = settings;
        this.out = out;
        this.progress = progress;
    }

    /** Runs every part; {@code commandLine} is printed at the top of the report as given. */
    public void run(String commandLine) throws IOException {
        Path workDir = Files.createTempDirectory("rankkeeper-bench-");
        try {
            BenchReport report = new BenchReport(out);
            report.header(commandLine, settings);
            Path storeDir = Files.createDirectory(workDir.resolve("store"));
            // made first, so that a --store-url that does not work fails before the fetch part's minutes
            try (StoreDatabase storeDatabase = settings.observations() > 0
                    ? StoreDatabase.create(settings.storeUrl(), storeDir) : null) {
                if (settings.targets() > 0 && !settings.latenciesMillis().isEmpty()
                        && !settings.concurrencies().isEmpty()) {
                    report.fetchFigures(fetchPart(workDir));
                }
                if (storeDatabase != null) {
                    progress.printf("Storage: writing %,d observations%n", settings.observations());
                    progress.flush();
                    report.storeFigures(new StoreBenchmark(progress).run(settings.observations(), storeDatabase,
                            storeDir));
                }
            }
            out.flush();
        } finally {
            deleteRecursively(workDir);
        }
    }

    private List<FetchFigures> fetchPart(Path workDir) throws IOException {
        List<FetchFigures> figures = new ArrayList<>();
        int served = Math.max(settings.targets(), settings.warmupTargets());
        progress.printf("Starting the page server (%d hosts, %,d targets, %s) in a child JVM%n", settings.hosts(),
                served, settings.gzip() ? "gzip" : "uncompressed");
        progress.flush();
        try (PageServerProcess server = PageServerProcess.start(served, settings.hosts(), settings.gzip())) {
            FetchScenario scenario = new FetchScenario(server, settings, workDir);
            if (settings.warmupTargets() > 0) {
                int concurrency = settings.concurrencies().get(settings.concurrencies().size() - 1);
                progress.printf("Warm-up: %,d targets, 0 ms, %d in flight (not reported)%n", settings.warmupTargets(),
                        concurrency);
                progress.flush();
                scenario.run(settings.warmupTargets(), 0, 0, concurrency);
            }
            for (int latency : settings.latenciesMillis()) {
                for (int concurrency : settings.concurrencies()) {
                    progress.printf("Scenario: %,d targets after runs of %,d unreported, %d ms, %d in flight, at most %d"
                            + " bodies in memory (load %s)%n", settings.targets(), settings.scenarioWarmupTargets(), latency,
                            concurrency, scenario.bodiesAtOnce(settings.targets(), concurrency), ProcessStats.loadAverage());
                    progress.flush();
                    FetchFigures result = scenario.run(settings.targets(), settings.scenarioWarmupTargets(), latency,
                            concurrency);
                    progress.printf("  %,d pages of warm-up, then %.0f pages/s, %.2f ms CPU/page (JIT %.2f, GC %.2f),"
                            + " %d mismatches, %d not OK, outcomes %s%n", result.warmupPages(), result.pagesPerSecond(),
                            result.clientCpuMillisPerPage(), result.jitMillisPerPage(), result.gcMillisPerPage(),
                            result.mismatches(), result.notOk(), result.outcomes());
                    progress.flush();
                    figures.add(result);
                }
            }
        }
        return figures;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException error) {
            throw new UncheckedIOException("Could not delete the benchmark folder " + dir, error);
        }
    }
}
