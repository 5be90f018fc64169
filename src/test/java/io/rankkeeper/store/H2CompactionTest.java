package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rankkeeper.model.Observation;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded H2 file written as the daemon writes it (a commit per batch, space never reused)
 * is mostly wasted space; compacting it before the daemon opens it gives the space back and
 * keeps every attempt, and it is left alone when it is small, mostly in use, or open elsewhere.
 */
class H2CompactionTest {

    private static final H2Compaction.Thresholds SMALL = new H2Compaction.Thresholds(1024 * 1024, 50);
    private static final int TARGETS = 40;
    private static final int RUNS = 60;
    private static final Instant FAR_FUTURE = Instant.parse("3000-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private DatabaseSettings settings;
    private Path dataFile;

    @BeforeEach
    void writeAsTheDaemonDoes() {
        settings = new DatabaseSettings("jdbc:h2:file:" + dir.resolve("rankkeeper"), null, null);
        dataFile = H2Files.dataFile(settings.url());
        List<Target> targets = IntStream.range(0, TARGETS).mapToObj(i -> TestData.target("t" + i)).toList();
        try (Store store = Store.open(settings)) {
            store.syncTargets(targets);
            for (int run = 0; run < RUNS; run++) {
                Instant scheduledAt = TestData.T0.plus(Duration.ofHours(run));
                long runId = store.startRun(TestData.runStart("books", scheduledAt, "node"));
                try (Store.ObservationWriter writer = store.openWriter()) {
                    for (int i = 0; i < TARGETS; i++) {
                        writer.add(attempt(targets.get(i).key(), runId, scheduledAt, run, i));
                        if (i % 10 == 9) {
                            writer.flush(); // a commit every few attempts, as answers trickle in
                        }
                    }
                }
                store.finishRun(runId, scheduledAt.plusSeconds(30), RunStatus.COMPLETED, Map.of());
                store.packHistory();
            }
        }
    }

    @Test
    void aFileMostlyOfWastedSpaceIsCompactedAndKeepsEveryAttempt() throws Exception {
        Map<String, List<HistoryEntry>> before = histories();
        assertThat(before.values()).allSatisfy(history -> assertThat(history).hasSize(RUNS));
        long sizeBefore = Files.size(dataFile);

        Compaction compaction = compact(SMALL);

        assertThat(compaction.compacted()).as(compaction.why()).isTrue();
        assertThat(compaction.bytesBefore()).isEqualTo(sizeBefore);
        assertThat(compaction.livePercent()).isBetween(0, 50);
        assertThat(compaction.bytesAfter()).isEqualTo(Files.size(dataFile)).isLessThan(sizeBefore / 2);
        assertThat(histories()).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("no new or temporary file left beside the database")
                    .allMatch(name -> name.equals("rankkeeper.mv.db") || name.equals("rankkeeper.lock.db"))
                    .doesNotContain("rankkeeper" + H2Compaction.MARKER_SUFFIX);
        }
    }

    @Test
    void aFileMostlyInUseIsLeftAsItIs() throws Exception {
        compact(SMALL);
        long compacted = Files.size(dataFile);

        Compaction again = compact(new H2Compaction.Thresholds(compacted / 2, 50));

        assertThat(again.compacted()).isFalse();
        assertThat(again.livePercent()).isGreaterThan(50);
        assertThat(again.why()).contains("in use");
        assertThat(again.bytesAfter()).isEqualTo(again.bytesBefore());
        assertThat(Files.size(dataFile)).as("opened and closed, not rewritten").isGreaterThan(compacted * 9 / 10);
    }

    @Test
    void aFileBelowTheSizeThresholdIsNotEvenOpened() throws Exception {
        long size = Files.size(dataFile);

        Compaction compaction = compact(new H2Compaction.Thresholds(size + 1, 50));

        assertThat(compaction.compacted()).isFalse();
        assertThat(compaction.livePercent()).isEqualTo(-1);
        assertThat(Files.size(dataFile)).isEqualTo(size);
    }

    @Test
    void aFileThatAnotherConnectionHoldsIsLeftAsItIsAndThatConnectionKeepsWorking() throws Exception {
        long size = Files.size(dataFile);
        try (Store reader = Store.open(settings)) {
            Compaction compaction = compact(SMALL);

            assertThat(compaction.compacted()).isFalse();
            assertThat(compaction.why()).contains("another process");
            assertThat(reader.history("t7", Instant.EPOCH, FAR_FUTURE)).hasSize(RUNS);
        }
        assertThat(Files.size(dataFile)).isGreaterThanOrEqualTo(size / 2);
    }

    @Test
    void theDaemonsOpenCompactsFirstAndThenWorksOnTheCompactedFile() throws Exception {
        Map<String, List<HistoryEntry>> before = histories();
        long sizeBefore = Files.size(dataFile);

        try (Store daemon = Store.openExclusive(settings, SMALL)) {
            assertThat(Files.size(dataFile)).isLessThan(sizeBefore / 2);
            Instant next = TestData.T0.plus(Duration.ofHours(RUNS));
            long runId = daemon.startRun(TestData.runStart("books", next, "node"));
            try (Store.ObservationWriter writer = daemon.openWriter()) {
                writer.add(attempt("t3", runId, next, RUNS, 3));
            }
            assertThat(daemon.history("t3", Instant.EPOCH, FAR_FUTURE)).hasSize(RUNS + 1);
        }
        before.remove("t3");
        Map<String, List<HistoryEntry>> after = histories();
        after.remove("t3");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void theDaemonsOpenWithoutCompactionLeavesTheFileAsItIs() throws Exception {
        long sizeBefore = Files.size(dataFile);

        try (Store daemon = Store.openExclusive(settings, (H2Compaction.Thresholds) null)) {
            assertThat(Files.size(dataFile)).isGreaterThanOrEqualTo(sizeBefore);
        }
    }

    @Test
    void aCommandBesideADaemonThatIsCompactingWaitsForItAndASecondDaemonIsRefusedAtOnce() throws Exception {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the compacting daemon: its lock, its marker, and the file held so that no one else opens it
        Process holder = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                HoldH2Open.class.getName(), settings.url()).redirectErrorStream(true).start();
        try (AutoCloseable daemonLock = DaemonLock.acquire(Vendor.H2, H2Urls.effective(settings.url()), null, "db",
                false)) {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo("open");
            Files.writeString(H2Compaction.marker(dataFile), "since 2026-12-01T12:00:00Z, about 2,504 MB to write");
            assertThat(H2Compaction.inProgress(settings.url())).contains("about 2,504 MB to write");

            CompletableFuture<Integer> command = CompletableFuture.supplyAsync(() -> {
                try (Store store = Store.open(settings)) {
                    return store.history("t7", Instant.EPOCH, FAR_FUTURE).size();
                }
            });
            assertThatThrownBy(() -> Store.openExclusive(settings))
                    .isInstanceOf(StoreException.class).hasMessageContaining("already running");
            Thread.sleep(Store.OPEN_RETRY_WINDOW.plusSeconds(2).toMillis());
            assertThat(command).as("still waiting after the usual retry window").isNotDone();

            holder.getOutputStream().close();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Files.delete(H2Compaction.marker(dataFile));
            assertThat(command.get(30, TimeUnit.SECONDS)).isEqualTo(RUNS);
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aDiskWithoutRoomForTheNewFileIsNotFilledUp() throws Exception {
        long free = Files.getFileStore(dataFile).getUsableSpace();

        assertThat(H2Compaction.noRoom(dataFile, 1024 * 1024)).isNull();
        assertThat(H2Compaction.noRoom(dataFile, free - H2Compaction.MIN_BYTES_LEFT_FREE / 2))
                .contains("free some space").contains("MB free");
    }

    @Test
    void aMarkerThatACrashLeftBehindMeansNothing() throws Exception {
        Files.writeString(H2Compaction.marker(dataFile), "since 2026-12-01T12:00:00Z, about 2,504 MB to write");

        assertThat(H2Compaction.inProgress(settings.url())).isNull();
        try (Store store = Store.open(settings)) {
            assertThat(store.history("t7", Instant.EPOCH, FAR_FUTURE)).hasSize(RUNS);
        }
    }

    private Compaction compact(H2Compaction.Thresholds thresholds) {
        return H2Compaction.compactIfWasteful(H2Urls.effective(settings.url()), dataFile, settings, thresholds,
                starting -> { });
    }

    private Map<String, List<HistoryEntry>> histories() {
        Map<String, List<HistoryEntry>> histories = new LinkedHashMap<>();
        try (Store store = Store.open(settings)) {
            for (int i = 0; i < TARGETS; i++) {
                histories.put("t" + i, new ArrayList<>(store.history("t" + i, Instant.EPOCH, FAR_FUTURE)));
            }
        }
        return histories;
    }

    private static Observation attempt(String key, long runId, Instant scheduledAt, int run, int index) {
        Instant observedAt = scheduledAt.plusSeconds(1 + index);
        return run % 7 == 3 ? TestData.failed(key, runId, scheduledAt, io.rankkeeper.model.Outcome.BLOCKED)
                : TestData.ok(key, runId, scheduledAt, observedAt, TestData.main("Books", "283155", 1_000 + run * 3L + index),
                        TestData.sub("Python Programming", "285856", 10 + index));
    }
}
