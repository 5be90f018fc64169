package io.rankkeeper.bench;

import io.rankkeeper.store.UninterruptibleFilePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code export} command on the benchmark database in a child JVM with a small
 * heap ({@link #JVM_OPTIONS}), and reads its figures: rows and rows/s from the command's own summary line, the heap
 * after each garbage collection from the JVM's GC log (flat from first to last when the export
 * streams). Stateless.
 */
final class ExportProcess {

    /**
     * The command the README gives for a large export. The heap is small on purpose: an export
     * that held its rows would fail with OutOfMemoryError. The parallel collector: on a compacted
     * 3 M-observation file (8,760,576 rows) it wrote 502,435-570,180 rows/s in three runs where
     * G1, the JVM's default here, wrote 418,966-446,525 in two and the serial collector
     * 434,622-449,930 in two, alternated; the heap after each collection stayed at most 43 MB.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx64m", "-XX:+UseParallelGC");
    private static final long TIMEOUT_MINUTES = 60;
    private static final Pattern SUMMARY = Pattern.compile("Exported ([\\d,]+) rows in ([\\d.]+) s \\(([\\d,]+) rows/s\\)");
    /** A unified GC log line's heap figures: {@code 30M->2M(64M)}. */
    private static final Pattern HEAP_AFTER_GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** {@link #JVM_OPTIONS} as they would be typed. */
    static String jvmOptions() {
        return String.join(" ", JVM_OPTIONS);
    }

    private ExportProcess() {
    }

    static ExportFigures run(String databaseUrl, Path dir) throws IOException {
        Path config = dir.resolve("export.yml");
        Files.writeString(config, """
                database:
                  url: '%s'
                groups:
                  - name: store-bench
                    schedule: "0 0 * * * ?"
                    targets:
                      - key: store/bench-export
                        url: https://www.amazon.com/dp/0132269937
                """.formatted(databaseUrl.replace("'", "''")), StandardCharsets.UTF_8);
        Path csv = dir.resolve("history.csv");
        Path gcLog = dir.resolve("export-gc.log");
        Path output = dir.resolve("export-out.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of(UninterruptibleFilePath.JVM_OPTION, "-Xlog:gc:file=" + gcLog, "-cp",
                System.getProperty("java.class.path"), "io.rankkeeper.cli.Main", "export", "--config",
                config.toString(), "--out", csv.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("The export did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while the export ran", e);
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Matcher summary = SUMMARY.matcher(printed);
        if (process.exitValue() != 0 || !summary.find()) {
            throw new IOException("The export failed (exit " + process.exitValue() + "): " + printed.strip());
        }
        long csvBytes = Files.size(csv);
        Files.delete(csv);
        List<Integer> heapAfterGc = new ArrayList<>();
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
                Matcher heap = HEAP_AFTER_GC.matcher(line);
                if (line.contains("Pause") && heap.find()) {
                    heapAfterGc.add(Integer.parseInt(heap.group(2)));
                }
            }
        }
        Files.writeString(output, "", StandardOpenOption.TRUNCATE_EXISTING);
        return new ExportFigures(Long.parseLong(summary.group(1).replace(",", "")),
                Double.parseDouble(summary.group(2)), wallSeconds, csvBytes, heapAfterGc);
    }
}
