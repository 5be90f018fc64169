package io.rankkeeper.bench;

import io.rankkeeper.run.CollectorAdvice;
import io.rankkeeper.store.Compaction;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes the benchmark's figures as aligned plain-text tables (Markdown-friendly in a code block). Not thread-safe. */
final class BenchReport {

    private static final String[] FETCH_COLUMNS = {"latency", "in flight", "targets", "warm-up pages", "seconds", "pages/s",
        "I/O limit s", "of I/O limit", "client CPU ms/page", "of it JIT ms/page", "of it GC ms/page",
        "server CPU ms/page", "client peak RSS MB", "mismatches", "not OK", "load avg before"};

    private final PrintWriter out;

    BenchReport(PrintWriter out) {
        this.out = out;
    }

    void header(String commandLine, BenchSettings settings) {
        Runtime runtime = Runtime.getRuntime();
        out.println("rankkeeper benchmark");
        out.println("command:     " + commandLine);
        out.printf(Locale.ROOT, "machine:     %d cores, Java %s (%s), max heap %d MB, collector %s, JVM flags %s%n",
                runtime.availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                runtime.maxMemory() / (1024 * 1024), CollectorAdvice.ofThisJvm().describe(), ManagementFactory.getRuntimeMXBean().getInputArguments());
        out.printf(Locale.ROOT, "server:      own NIO server in a child JVM, %d loopback hosts (127.0.0.2 on) "
                + "with a thread each, pages %s, %d templates of 400 KB to 1 MB, per-target ranks%n", settings.hosts(),
                settings.gzip() ? "gzip-compressed" : "uncompressed", BenchCatalog.TEMPLATES);
        out.println("client:      Engine.run with retries 0, perHostDelay 0, robots.txt off, perHostConcurrency = "
                + "ceil(C / hosts), fresh H2 file database per scenario; bodies in memory at most what half the "
                + "heap holds (Engine.bodiesAtOnce, in each scenario's progress line)");
        out.printf(Locale.ROOT, "warm-up:     %,d targets at 0 ms before the scenarios, then runs of %,d in each "
                + "scenario's engine with its latency and concurrency before the measured run, until one in which the "
                + "JIT compiler took at most %.0f %% of the CPU (%d at most); none of it is reported%n",
                settings.warmupTargets(), settings.scenarioWarmupTargets(), 100 * FetchScenario.COMPILING_SHARE,
                FetchScenario.MAX_WARMUP_ROUNDS);
        out.println("measured:    client CPU = this JVM's process CPU time, GC and JIT included (JIT and GC: "
                + "their threads' CPU time, from /proc/self/task; the server is "
                + "another JVM); peak RSS = VmHWM of this JVM, " + (ProcessStats.resetPeakRss()
                        ? "reset per scenario (/proc/self/clear_refs)" : "NOT resettable here: peak since the JVM started"));
        if (ProcessStats.compilerThreadsMayStop()) {
            out.println("             this JVM stops compiler threads it has no work for, and their CPU time goes "
                    + "with them: JIT may read low or n/a (-XX:-UseDynamicNumberOfCompilerThreads keeps them)");
        }
        out.println();
        out.flush();
    }

    void fetchFigures(List<FetchFigures> figures) {
        List<String[]> rows = new ArrayList<>();
        for (FetchFigures figure : figures) {
            rows.add(new String[] {
                figure.latencyMillis() + " ms",
                Integer.toString(figure.concurrency()),
                String.format(Locale.ROOT, "%,d", figure.targets()),
                String.format(Locale.ROOT, "%,d", figure.warmupPages()),
                String.format(Locale.ROOT, "%.2f", figure.seconds()),
                String.format(Locale.ROOT, "%,.0f", figure.pagesPerSecond()),
                figure.latencyMillis() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", figure.ioLimitSeconds()),
                figure.latencyMillis() == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * figure.shareOfIoLimit()),
                String.format(Locale.ROOT, "%.3f", figure.clientCpuMillisPerPage()),
                perPage(figure.jitMillisPerPage()),
                perPage(figure.gcMillisPerPage()),
                String.format(Locale.ROOT, "%.3f", figure.serverCpuMillisPerPage()),
                figure.peakRssKib() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", figure.peakRssKib() / 1024.0),
                Integer.toString(figure.mismatches()),
                Integer.toString(figure.notOk()),
                figure.loadAverage()});
        }
        out.println("Fetch: whole pipeline (fetch, decode, extract, store)");
        table(FETCH_COLUMNS, rows);
        out.println();
        out.flush();
    }

    private static String perPage(double millis) {
        return Double.isNaN(millis) ? "n/a" : String.format(Locale.ROOT, "%.3f", millis);
    }

    void storeFigures(StoreFigures figures) {
        out.println("Storage: " + figures.database());
        List<String[]> rows = new ArrayList<>(List.of(
                row("observations", String.format(Locale.ROOT, "%,d (%,d targets x %,d runs, 3 ranks per OK)",
                        figures.observations(), figures.targets(), figures.runs())),
                row("load avg before", figures.loadAverage()),
                row("insert", String.format(Locale.ROOT, "%,.0f observations/s (%.1f s)",
                        figures.observationsPerSecond(), figures.insert().toNanos() / 1e9))));
        reads(rows, "", figures.asWritten(), figures.runs());
        Compaction compaction = figures.compaction();
        rows.add(row("compaction at start", !compaction.compacted()
                ? "not done: " + compaction.why()
                : String.format(Locale.ROOT, "%,.0f MB to %,.0f MB in %.1f s (%d %% in use before)",
                        compaction.bytesBefore() / 1e6, compaction.bytesAfter() / 1e6,
                        compaction.took().toMillis() / 1000.0, compaction.livePercent())));
        if (figures.compacted() != null) {
            reads(rows, ", compacted", figures.compacted(), figures.runs());
        }
        table(new String[] {"figure", "value"}, rows);
        out.println();
        out.flush();
    }

    private static void reads(List<String[]> rows, String suffix, StoreFigures.ReadFigures reads, int runs) {
        ExportFigures export = reads.export();
        rows.add(row("database size" + suffix, String.format(Locale.ROOT, "%,.0f MB", reads.databaseBytes() / 1e6)));
        rows.add(row("history p50" + suffix, String.format(Locale.ROOT, "%.2f ms (one target, ~%,d rows)",
                reads.historyP50Millis(), runs)));
        rows.add(row("history p95" + suffix, String.format(Locale.ROOT, "%.2f ms", reads.historyP95Millis())));
        rows.add(row("latest ranks" + suffix, String.format(Locale.ROOT, "%,d ms cold, %,d ms warm (%,d rows)",
                reads.latestCold().toMillis(), reads.latestWarm().toMillis(), reads.latestRanks())));
        rows.add(row("export" + suffix, String.format(Locale.ROOT,
                "%,.0f rows/s (%,d rows, %,.0f MB of CSV in %.1f s; %.1f s with JVM start), %s",
                export.rowsPerSecond(), export.rows(), export.csvBytes() / 1e6, export.commandSeconds(),
                export.wallSeconds(), ExportProcess.jvmOptions())));
        rows.add(row("export heap" + suffix, export.heap()));
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private void table(String[] columns, List<String[]> rows) {
        int[] widths = new int[columns.length];
        for (int column = 0; column < columns.length; column++) {
            widths[column] = columns[column].length();
            for (String[] row : rows) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        line(columns, widths);
        String[] rule = new String[columns.length];
        for (int column = 0; column < columns.length; column++) {
            rule[column] = "-".repeat(widths[column]);
        }
        line(rule, widths);
        rows.forEach(row -> line(row, widths));
    }

    private void line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder("| ");
        for (int column = 0; column < cells.length; column++) {
            line.append(String.format(Locale.ROOT, "%-" + widths[column] + "s", cells[column])).append(" | ");
        }
        out.println(line.toString().stripTrailing());
    }
}
