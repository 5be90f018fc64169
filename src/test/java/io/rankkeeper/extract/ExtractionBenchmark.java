package io.rankkeeper.extract;

import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures the amazon extractor on the shared real pages: CPU microseconds per page (mean,
 * p95, max) and per MB, after a warm-up. A main class, not a unit test, so that the build
 * never depends on the machine's speed. Run with
 * {@code java -cp target/classes:target/test-classes:<jsoup>:<slf4j-api> io.rankkeeper.extract.ExtractionBenchmark [rounds]}.
 */
public final class ExtractionBenchmark {

    private static final int WARM_UP_ROUNDS = 300;
    private static final int DEFAULT_ROUNDS = 300;

    private ExtractionBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        Path folder = SharedPages.folder();
        if (folder == null) {
            out.println("no shared pages (../shared/fixtures/amazon): nothing to measure");
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ROUNDS;
        List<String> pages = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
                names.add(path.getFileName().toString());
                pages.add(SharedPages.read(folder, path.getFileName().toString()));
            }
        }
        Extractor amazon = Extractors.create(ExtractorSpec.of(ExtractorKind.AMAZON));
        URI url = URI.create("https://www.amazon.com/dp/0000000000");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (String page : pages) {
                sink += amazon.extract(page, url, null).ranks().size();
            }
        }
        long[][] nanos = new long[pages.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < pages.size(); i++) {
                long start = threads.getCurrentThreadCpuTime();
                sink += amazon.extract(pages.get(i), url, null).ranks().size();
                nanos[i][round] = threads.getCurrentThreadCpuTime() - start;
            }
        }
        // The floor: one full scan of each page for a string it does not hold.
        long scanNanos = 0;
        for (int round = 0; round < rounds; round++) {
            for (String page : pages) {
                long start = threads.getCurrentThreadCpuTime();
                sink += page.indexOf("no such marker on any page");
                scanNanos += threads.getCurrentThreadCpuTime() - start;
            }
        }
        long[] all = Arrays.stream(nanos).flatMapToLong(Arrays::stream).sorted().toArray();
        double totalChars = pages.stream().mapToLong(String::length).sum();
        double meanMicros = Arrays.stream(all).average().orElse(0) / 1000.0;
        out.printf("pages=%d rounds=%d mean=%.1f us p95=%.1f us max=%.1f us per page; mean page %.0f KB;"
                        + " %.1f us per MB (sink %d)%n",
                pages.size(), rounds, meanMicros, all[(int) (all.length * 0.95)] / 1000.0,
                all[all.length - 1] / 1000.0, totalChars / pages.size() / 1024,
                meanMicros / (totalChars / pages.size() / (1024 * 1024)), sink);
        out.printf("one full indexOf scan of a page: mean %.1f us%n", scanNanos / 1000.0 / rounds / pages.size());
        for (int i = 0; i < pages.size(); i++) {
            long[] sorted = nanos[i].clone();
            Arrays.sort(sorted);
            out.printf("  %-32s %6d KB  median %7.1f us%n", names.get(i), pages.get(i).length() / 1024,
                    sorted[sorted.length / 2] / 1000.0);
        }
    }
}
