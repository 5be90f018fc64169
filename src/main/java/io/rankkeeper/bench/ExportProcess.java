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
 * heap, and reads its figures: rows and rows/s from the command's own summary line, the heap
 * after each garbage collection from the JVM's GC log (flat from first to last when the export
 * streams). Stateless.
 */
final class ExportProcess {

    /** Small on purpose: an export that held its rows would fail with OutOfMemoryError. */
    static final String HEAP = "-Xmx64m";
    private static final long TIMEOUT_MINUTES = 60;
    private static final Pattern SUMMARY = Pattern.compile("Exported ([\\d,]+) rows in ([\\d.]+) s \\(([\\d,]+) rows/s\\)");
    /** A unified GC log line's heap figures: {@code 30M->2M(64M)}. */
    private static final Pattern HEAP_AFTER_GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

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
        ProcessBuilder builder = new ProcessBuilder(java, HEAP, UninterruptibleFilePath.JVM_OPTION,
                "-Xlog:gc:file=" + gcLog, "-cp",
                System.getProperty("java.class.path"), "io.rankkeeper.cli.Main", "export", "--config",
                config.toString(), "--out", csv.toString());
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
