package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A committed observation survives {@code kill -9} of the process that wrote it (H2 file). */
class KillDurabilityIT {

    private static final int OBSERVATIONS = 1_234;

    @Test
    void observationsFlushedBeforeKillNineAreStillThere() throws Exception {
        try (FreshDatabase database = FreshDatabase.create(DatabaseKind.H2)) {
            for (int round = 0; round < 3; round++) {
                String url = database.url() + round;
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                List<String> command = new ArrayList<>(List.of(java));
                if (round < 2) {
                    // as the jar's manifest gives java -jar; the last round writes through the async: fallback
                    command.add(UninterruptibleFilePath.JVM_OPTION);
                }
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), CommitThenHang.class.getName(),
                        url, String.valueOf(OBSERVATIONS)));
                Process writer = new ProcessBuilder(command)
                        .redirectErrorStream(true).start();
                BufferedReader output = new BufferedReader(
                        new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
                String line;
                do {
                    line = output.readLine();
                } while (line != null && !line.startsWith("committed"));
                // SIGKILL right after the commit returned: no shutdown hook, no close
                writer.destroyForcibly();
                assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(line).isEqualTo("committed " + OBSERVATIONS);

                try (Store store = Store.open(new DatabaseSettings(url, null, null))) {
                    long stored = store.jdbi().withHandle(handle ->
                            handle.createQuery("SELECT COUNT(*) FROM observation").mapTo(Long.class).one());
                    assertThat(stored).as("round %d", round).isEqualTo(OBSERVATIONS);
                    assertThat(store.latestRanks()).singleElement()
                            .satisfies(latest -> assertThat(latest.rank()).isEqualTo(OBSERVATIONS));
                }
            }
        }
    }
}
