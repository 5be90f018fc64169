package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalogue of 100,000 targets in a targets file, with the 128 MB heap the README advises for a
 * daemon: it starts (the file once took a minute to read, and the target sync ran out of heap),
 * stores every target, says how much heap the targets keep and what -Xmx to give it, and stops
 * cleanly. With that heap it warns of nothing and keeps one set of targets after an edit of its
 * config (it kept the first one too, 55 MB).
 */
class ManyTargetsIT {

    private static final int TARGETS = 100_000;

    @TempDir
    Path dir;

    @Test
    void aDaemonOfAHundredThousandTargetsStartsInA128MbHeapSaysWhatHeapTheyNeedAndRunsInThat() throws Exception {
        StringBuilder csv = new StringBuilder("key,url,label,itemId\n");
        for (int index = 0; index < TARGETS; index++) {
            csv.append("shop/").append(index).append(",https://www.amazon.com/dp/B").append(1_000_000_000L + index)
                    .append(",Book number ").append(index).append(",\n");
        }
        Files.writeString(dir.resolve("catalogue.csv"), csv);
        String url = "jdbc:h2:file:" + dir.resolve("db/rankkeeper");
        Path config = dir.resolve("rankkeeper.yml");
        // Fires on 1 January at 03:00: never during the test.
        Files.writeString(config, """
                database:
                  url: %s
                groups:
                  - name: catalogue
                    schedule: "0 0 3 1 1 ?"
                    targetsFile: catalogue.csv
                """.formatted(url));

        try (CliProcess daemon = CliProcess.start(dir, "daemon", List.of("-Xmx128m"), "daemon", "--config",
                config.toString())) {
            daemon.awaitOutput("rankkeeper daemon running", Duration.ofSeconds(120));

            assertThat(daemon.stderr())
                    .contains("Synced targets: 100000 new")
                    .containsPattern("WARN .*100000 targets keep about 97 MB of this JVM's 1[0-9]{2} MB heap")
                    .contains("Give the JVM -Xmx225m or more");
            daemon.stop();
            assertThat(daemon.awaitExit(Duration.ofSeconds(60))).as(daemon.stderr()).isZero();
        }
        // With the heap it advised: no warning, and an edit replaces the config without keeping
        // the first one's targets behind (they were kept, 55 MB)
        try (CliProcess daemon = CliProcess.start(dir, "advised", List.of("-Xmx225m"), "daemon", "--config",
                config.toString())) {
            daemon.awaitOutput("rankkeeper daemon running", Duration.ofSeconds(120));
            assertThat(daemon.stderr()).contains("Synced targets: 0 new, 0 changed, 0 deactivated, 100000 configured")
                    .doesNotContain("WARN");

            Files.writeString(config, Files.readString(config) + "# edited\n");
            daemon.awaitOutput("Config reloaded: 1 group\\(s\\), 100000 target", Duration.ofSeconds(60));
            assertThat(liveTargets(daemon.pid())).isEqualTo(TARGETS);
            daemon.stop();
            assertThat(daemon.awaitExit(Duration.ofSeconds(60))).as(daemon.stderr()).isZero();
        }
        try (Connection db = DriverManager.getConnection(url); Statement sql = db.createStatement();
                ResultSet count = sql.executeQuery("SELECT COUNT(*), COUNT(DISTINCT target_key) FROM target WHERE active")) {
            assertThat(count.next()).isTrue();
            assertThat(count.getLong(1)).isEqualTo(TARGETS);
            assertThat(count.getLong(2)).isEqualTo(TARGETS);
        }
    }

    /** The Target objects alive in a JVM: jcmd's class histogram counts after a full collection. */
    private static long liveTargets(long pid) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor()).as(histogram).isZero();
        Matcher row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+io\\.rankkeeper\\.model\\.Target\\s*$",
                Pattern.MULTILINE).matcher(histogram);
        assertThat(row.find()).as(histogram).isTrue();
        return Long.parseLong(row.group(1));
    }
}
