package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalogue of 100,000 targets in a targets file, with the 128 MB heap the README advises for a
 * daemon: it starts (the file once took a minute to read, and the target sync ran out of heap),
 * stores every target, says how much heap the targets keep and what -Xmx to give it, and stops
 * cleanly.
 */
class ManyTargetsIT {

    private static final int TARGETS = 100_000;

    @TempDir
    Path dir;

    @Test
    void aDaemonOfAHundredThousandTargetsStartsInA128MbHeapAndSaysWhatHeapTheyNeed() throws Exception {
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
        try (Connection db = DriverManager.getConnection(url); Statement sql = db.createStatement();
                ResultSet count = sql.executeQuery("SELECT COUNT(*), COUNT(DISTINCT target_key) FROM target WHERE active")) {
            assertThat(count.next()).isTrue();
            assertThat(count.getLong(1)).isEqualTo(TARGETS);
            assertThat(count.getLong(2)).isEqualTo(TARGETS);
        }
    }
}
