package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} streams: about 2.1 million rank rows exported by a child JVM with a 64 MB heap;
 * and a child stopped with SIGTERM mid-export leaves no ranks file behind. Prints rows/s.
 */
class ExportStreamingIT {

    private static final int TARGETS = 100;
    private static final int OBSERVATIONS = 750_000;
    /** Every tenth observation is a failure (one row without a rank); the others have three ranks. */
    private static final long EXPECTED_ROWS = OBSERVATIONS / 10 + (OBSERVATIONS - OBSERVATIONS / 10) * 3L;
    private static final String HEAP = "-Xmx64m";

    @TempDir
    static Path dir;

    private static Path config;

    @BeforeAll
    static void generateHistory() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db/rankkeeper");
        try (Store store = Store.open(new DatabaseSettings(url, null, null))) {
            // migrations only
        }
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url); Statement sql = connection.createStatement()) {
            // generated inside H2 (INSERT ... SELECT FROM SYSTEM_RANGE): the data needs no round trips
            sql.execute("""
                    INSERT INTO target (id, target_key, group_name, url, label, active, first_seen_at, updated_at)
                    SELECT X, 'bulk/' || X, 'bulk', 'https://www.amazon.com/dp/' || X, 'Book ' || X, TRUE,
                           CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
                      FROM SYSTEM_RANGE(1, %d)""".formatted(TARGETS));
            sql.execute("""
                    INSERT INTO scrape_run (id, group_name, shard, scheduled_at, started_at, node, reason, status, target_count)
                    SELECT X, 'bulk', 0, DATEADD(MINUTE, X, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),
                           DATEADD(MINUTE, X, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'), 'test', 'SCHEDULED',
                           'COMPLETED', %d
                      FROM SYSTEM_RANGE(1, %d)""".formatted(TARGETS, OBSERVATIONS / TARGETS));
            sql.execute("""
                    INSERT INTO category (id, marketplace, name, node_id, category_key)
                    VALUES (1, 'amazon.com', 'Books', 'books', 'node:amazon.com:books'),
                           (2, 'amazon.com', 'Python Programming', '285856', 'node:amazon.com:285856'),
                           (3, 'amazon.com', 'Software, "Development"', '3608', 'node:amazon.com:3608')""");
            sql.execute("""
                    INSERT INTO observation (id, run_id, target_id, scheduled_at, observed_at, outcome, http_status,
                                             attempts, duration_ms, bytes, extractor_version)
                    SELECT X, (X - 1) / %1$d + 1, MOD(X - 1, %1$d) + 1,
                           DATEADD(MINUTE, (X - 1) / %1$d + 1, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),
                           DATEADD(SECOND, MOD(X, 50), DATEADD(MINUTE, (X - 1) / %1$d + 1,
                                   TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')),
                           CASE WHEN MOD(X, 10) = 0 THEN 'BLOCKED' ELSE 'OK' END, 200, 1, 800, 400000, 3
                      FROM SYSTEM_RANGE(1, %2$d)""".formatted(TARGETS, OBSERVATIONS));
            sql.execute("""
                    INSERT INTO rank (observation_id, category_id, rank, is_main)
                    SELECT o.X, c.X, MOD(o.X * 7919, 100000) + c.X, c.X = 1
                      FROM SYSTEM_RANGE(1, %d) o, SYSTEM_RANGE(1, 3) c
                     WHERE MOD(o.X, 10) <> 0""".formatted(OBSERVATIONS));
            try (ResultSet count = sql.executeQuery("SELECT COUNT(*) FROM rank")) {
                count.next();
                System.out.printf("generated %,d rank rows and %,d observations in %.1f s%n", count.getLong(1),
                        OBSERVATIONS, (System.nanoTime() - start) / 1e9);
            }
        }
        config = HistoryFixture.writeConfig(dir, url);
    }

    private static Process export(Path out, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, HEAP, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "export", "--config", config.toString(), "--out", out.toString(), "--progress")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void exportsTwoMillionRowsWithA64MbHeap() throws Exception {
        Path out = dir.resolve("ranks.csv.gz");
        Path log = dir.resolve("export.log");
        long start = System.nanoTime();
        Process child = export(out, log);
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
        double seconds = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(child.exitValue()).as(output).isZero();

        long rows = 0;
        long failures = 0;
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(out)), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo(String.join(",", ExportCommand.HEADER));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rows++;
                if (line.contains(",BLOCKED,")) {
                    failures++;
                }
            }
        }
        assertThat(rows).isEqualTo(EXPECTED_ROWS);
        assertThat(failures).isEqualTo(OBSERVATIONS / 10);
        assertThat(output).contains(String.format(java.util.Locale.US, "Exported %,d rows", EXPECTED_ROWS));
        System.out.printf("export of %,d rows in a child JVM with %s: %.1f s wall (JVM start included), %,.0f rows/s%n",
                rows, HEAP, seconds, rows / seconds);
    }

    @Test
    void exportStoppedMidwayLeavesNoRanksFile() throws Exception {
        Path out = dir.resolve("stopped/ranks.csv");
        Path log = dir.resolve("stopped.log");
        Process child = export(out, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (partialSize(out.getParent()) < 1_000_000 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(child.isAlive()).as("the export should still be running: " + Files.readString(log)).isTrue();
        child.destroy(); // SIGTERM, as from Ctrl-C or a service manager
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertThat(left).isEmpty();
        }
    }

    private static long partialSize(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        List<Path> partial = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(path -> path.getFileName().toString().endsWith(".partial")).forEach(partial::add);
        }
        long size = 0;
        for (Path path : partial) {
            size += Files.size(path);
        }
        return size;
    }
}
