package io.rankkeeper.store;

import static io.rankkeeper.store.TestData.T0;
import static io.rankkeeper.store.TestData.failed;
import static io.rankkeeper.store.TestData.main;
import static io.rankkeeper.store.TestData.ok;
import static io.rankkeeper.store.TestData.runStart;
import static io.rankkeeper.store.TestData.sub;
import static io.rankkeeper.store.TestData.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ObservationWriterTest {

    private final List<AutoCloseable> opened = new ArrayList<>();
    private Store store;
    private long runId;

    @AfterEach
    void closeAndDrop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private void openStore(DatabaseKind kind) {
        FreshDatabase database = FreshDatabase.create(kind);
        opened.add(database);
        store = Store.open(database.settings());
        opened.add(store);
        store.syncTargets(List.of(target("A1"), target("B2")));
        runId = store.startRun(runStart("books", T0, "node-a"));
    }

    private long count(String sql) {
        return store.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void storesEveryAttemptWithItsRanksAndDeduplicatedCategories(DatabaseKind kind) {
        openStore(kind);
        long secondRun = store.startRun(runStart("books", T0.plusSeconds(3600), "node-a"));
        try (Store.ObservationWriter writer = store.openWriter()) {
            writer.add(ok("A1", runId, T0, T0.plusSeconds(5),
                    main("Books", "283155", 43_992), sub("Python Programming", "285856", 12), sub("Algorithms", null, 7)));
            writer.add(failed("B2", runId, T0, Outcome.BLOCKED));
            writer.add(ok("A1", secondRun, T0.plusSeconds(3600), T0.plusSeconds(3605),
                    main("Bücher", "283155", 40_000), sub("Algorithms", null, 6), sub("Algorithms", "999", 5)));
        }

        assertThat(count("SELECT COUNT(*) FROM observation")).isEqualTo(3);
        // node 283155 is one category whatever its name; "Algorithms" without node and with node 999 are two
        assertThat(count("SELECT COUNT(*) FROM category")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM rank")).isEqualTo(6);

        List<HistoryEntry> history = store.history("A1", Instant.EPOCH, T0.plusSeconds(86_400));
        assertThat(history).extracting(HistoryEntry::runId).containsExactly(runId, secondRun);
        HistoryEntry first = history.get(0);
        assertThat(first.outcome()).isEqualTo(Outcome.OK);
        assertThat(first.httpStatus()).isEqualTo(200);
        assertThat(first.duration()).isEqualTo(Duration.ofMillis(850));
        assertThat(first.bytes()).isEqualTo(512_000);
        assertThat(first.observedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(first.ranks()).extracting(StoredRank::categoryName, StoredRank::nodeId, StoredRank::rank,
                StoredRank::main).containsExactly(
                        tuple("Books", "283155", 43_992L, true),
                        tuple("Algorithms", null, 7L, false),
                        tuple("Python Programming", "285856", 12L, false));

        List<HistoryEntry> blocked = store.history("B2", Instant.EPOCH, T0.plusSeconds(86_400));
        assertThat(blocked).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(Outcome.BLOCKED);
            assertThat(entry.ranks()).isEmpty();
            assertThat(entry.detail()).isEqualTo("robot check");
            assertThat(entry.httpStatus()).isEqualTo(503);
        });
        assertThat(store.history("UNKNOWN", Instant.EPOCH, T0.plusSeconds(86_400))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void storesEveryColumnAsGivenAndAbsentValuesAsNull(DatabaseKind kind) {
        openStore(kind);
        Observation timedOut = new Observation("B2", runId, T0, T0.plusSeconds(30), Outcome.TIMEOUT, null, 2,
                Duration.ofMillis(30_001), 0, null, null, null, 0, "amazon.com", null, "no answer in 30 s", List.of());
        try (Store.ObservationWriter writer = store.openWriter()) {
            writer.add(ok("A1", runId, T0, T0.plusMillis(5_250), main("Books", "283155", 7)));
            writer.add(timedOut);
        }
        List<Map<String, Object>> rows = store.jdbi().withHandle(handle -> handle.createQuery("""
                SELECT t.target_key, o.run_id, o.scheduled_at, o.observed_at, o.outcome, o.http_status, o.attempts,
                       o.duration_ms, o.bytes, o.final_url, o.body_hash, o.extractor, o.extractor_version, o.title,
                       o.detail
                  FROM observation o JOIN target t ON t.id = o.target_id
                 ORDER BY t.target_key""").mapToMap().list());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("target_key", "A1").containsEntry("run_id", runId)
                .containsEntry("outcome", "OK").containsEntry("http_status", 200).containsEntry("attempts", 1)
                .containsEntry("duration_ms", 850L).containsEntry("bytes", 512_000L)
                .containsEntry("final_url", "https://www.amazon.com/dp/A1").containsEntry("body_hash", "abc123")
                .containsEntry("extractor", "amazon").containsEntry("extractor_version", 3)
                .containsEntry("title", "A title").containsEntry("detail", null);
        assertThat(rows.get(1)).containsEntry("target_key", "B2").containsEntry("outcome", "TIMEOUT")
                .containsEntry("http_status", null).containsEntry("attempts", 2).containsEntry("duration_ms", 30_001L)
                .containsEntry("bytes", 0L).containsEntry("final_url", null).containsEntry("body_hash", null)
                .containsEntry("extractor", null).containsEntry("extractor_version", 0).containsEntry("title", null)
                .containsEntry("detail", "no answer in 30 s");
        assertThat(store.history("A1", Instant.EPOCH, T0.plusSeconds(60))).singleElement().satisfies(entry -> {
            assertThat(entry.scheduledAt()).isEqualTo(T0);
            assertThat(entry.observedAt()).isEqualTo(T0.plusMillis(5_250));
        });
        assertThat(store.history("B2", Instant.EPOCH, T0.plusSeconds(60))).singleElement().satisfies(entry -> {
            assertThat(entry.observedAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(entry.httpStatus()).isNull();
        });
    }

    /**
     * On PostgreSQL the values travel as arrays in their text form: a text that reads as the
     * array's NULL or holds its quotes, braces and backslashes stays itself, and times keep their
     * microseconds, rounded as the driver rounds a bound time.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void storesTextsAndTimesExactlyWhateverTheyHold(DatabaseKind kind) {
        openStore(kind);
        String awkward = "say \"hi\", {x} \\ 'y' \u00e9\u4e66 \ud83d\udcda";
        Instant scheduledAt = T0.plusNanos(1_234_567);
        Instant observedAt = T0.plusSeconds(5).plusNanos(7_654_321_499L);
        Observation observation = new Observation("A1", runId, scheduledAt, observedAt, Outcome.NOT_RANKED, 200, 1,
                Duration.ofMillis(850), 1_000, "https://www.amazon.com/dp/A1?x={y}&z=\"1\"", "NULL", "amazon", 3,
                "amazon.com", awkward, "null", List.of());
        try (Store.ObservationWriter writer = store.openWriter()) {
            writer.add(observation);
        }
        Map<String, Object> row = store.jdbi().withHandle(handle -> handle.createQuery("""
                SELECT final_url, body_hash, title, detail FROM observation""").mapToMap().one());
        assertThat(row).containsEntry("final_url", "https://www.amazon.com/dp/A1?x={y}&z=\"1\"")
                .containsEntry("body_hash", "NULL").containsEntry("title", awkward).containsEntry("detail", "null");
        assertThat(store.history("A1", Instant.EPOCH, T0.plusSeconds(60))).singleElement().satisfies(entry -> {
            assertThat(entry.scheduledAt()).isEqualTo(T0.plusNanos(1_235_000));
            assertThat(entry.observedAt()).isEqualTo(T0.plusSeconds(12).plusNanos(654_321_000));
        });
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void ignoresAndCountsASecondObservationOfTheSameTargetAndFireTime(DatabaseKind kind) {
        openStore(kind);
        try (Store.ObservationWriter writer = store.openWriter()) {
            writer.add(ok("A1", runId, T0, T0.plusSeconds(5), main("Books", "283155", 100)));
            writer.flush();
            // a recovered run repeats the target: in a later batch and twice within one batch
            writer.add(ok("A1", runId, T0, T0.plusSeconds(50), main("Books", "283155", 1)));
            writer.add(ok("B2", runId, T0, T0.plusSeconds(6), main("Books", "283155", 200)));
            writer.add(ok("B2", runId, T0, T0.plusSeconds(60), main("Books", "283155", 2)));
            writer.flush();
            assertThat(writer.ignoredDuplicates()).isEqualTo(2);
        }
        assertThat(count("SELECT COUNT(*) FROM observation")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM rank")).isEqualTo(2);
        assertThat(store.latestRanks()).extracting(LatestRank::targetKey, LatestRank::rank)
                .containsExactly(tuple("A1", 100L), tuple("B2", 200L));
    }

    /**
     * On PostgreSQL the unique key alone decides whether an attempt is stored already: writing
     * reads none of the target's earlier attempts, however long its history. The earlier
     * {@code NOT EXISTS} form ran with a generic plan made while the table was small, which read
     * every earlier attempt of the target through {@code (target_id, observed_at)}. The server's
     * statistics count the reads; a backend reports them when it ends, so the store is closed first.
     */
    @Test
    void onPostgresqlWritingAnAttemptReadsNoEarlierAttemptOfItsTarget() throws Exception {
        FreshDatabase database = FreshDatabase.create(DatabaseKind.POSTGRESQL);
        opened.add(database);
        int runs = 60;
        try (Store writing = Store.open(database.settings())) {
            writing.syncTargets(List.of(target("A1"), target("B2")));
            for (int run = 0; run < runs; run++) {
                Instant scheduledAt = T0.plus(Duration.ofHours(run));
                long id = writing.startRun(runStart("books", scheduledAt, "node-a"));
                try (Store.ObservationWriter writer = writing.openWriter()) {
                    writer.add(ok("A1", id, scheduledAt, scheduledAt.plusSeconds(5), main("Books", "283155", 100 + run)));
                    writer.add(ok("B2", id, scheduledAt, scheduledAt.plusSeconds(6), main("Books", "283155", 200 + run)));
                }
            }
        }
        String stats = """
                SELECT t.n_tup_ins, i.idx_scan, i.idx_tup_read
                  FROM pg_stat_user_tables t
                  JOIN pg_stat_user_indexes i ON i.relid = t.relid
                 WHERE t.schemaname = ? AND t.relname = 'observation'
                   AND i.indexrelname = 'observation_target_observed_idx'
                """;
        long[] counted = new long[3];
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection connection = DriverManager.getConnection(database.url());
                PreparedStatement statement = connection.prepareStatement(stats)) {
            statement.setString(1, database.schema());
            // the ended backends' counts arrive shortly after they close
            while (counted[0] < 2L * runs && System.nanoTime() < deadline) {
                Thread.sleep(100);
                try (ResultSet row = statement.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    counted = new long[] {row.getLong(1), row.getLong(2), row.getLong(3)};
                }
            }
        }
        assertThat(counted[0]).as("observations inserted, as the statistics count them").isEqualTo(2L * runs);
        assertThat(counted[1]).as("scans of (target_id, observed_at) while writing").isZero();
        assertThat(counted[2]).as("earlier attempts read through (target_id, observed_at)").isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void latestRankOnlyMovesForwardInTime(DatabaseKind kind) {
        openStore(kind);
        try (Store.ObservationWriter writer = store.openWriter()) {
            writer.add(ok("A1", runId, T0.plusSeconds(7200), T0.plusSeconds(7205), main("Books", "283155", 30)));
            writer.flush();
            // an older observation arriving later (a catch-up of an earlier fire time) must not win
            writer.add(ok("A1", runId, T0, T0.plusSeconds(5), main("Books", "283155", 99), sub("Poetry", null, 4)));
            writer.flush();
            // two in one batch: the newer one wins whatever the order
            writer.add(ok("A1", runId, T0.plusSeconds(14_400), T0.plusSeconds(14_405), main("Books", "283155", 20)));
            writer.add(ok("A1", runId, T0.plusSeconds(10_800), T0.plusSeconds(10_805), main("Books", "283155", 25)));
        }
        List<LatestRank> latest = store.latestRanks();
        assertThat(latest).extracting(LatestRank::categoryName, LatestRank::rank, LatestRank::observedAt, LatestRank::main)
                .containsExactly(
                        tuple("Books", 20L, T0.plusSeconds(14_405), true),
                        tuple("Poetry", 4L, T0.plusSeconds(5), false));
        assertThat(latest.get(0).label()).isEqualTo("Label A1");
        assertThat(latest.get(0).marketplace()).isEqualTo("amazon.com");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void refusesAnObservationOfATargetThatWasNeverSynced(DatabaseKind kind) {
        openStore(kind);
        try (Store.ObservationWriter writer = store.openWriter()) {
            assertThatThrownBy(() -> writer.add(ok("NOT-SYNCED", runId, T0, T0, main("Books", null, 1))))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("NOT-SYNCED")
                    .hasMessageContaining("syncTargets");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void commitsWithoutFlushWithinTheMaximumDelay(DatabaseKind kind) throws Exception {
        openStore(kind);
        try (Store.ObservationWriter writer = store.openWriter(500, Duration.ofMillis(50))) {
            writer.add(ok("A1", runId, T0, T0.plusSeconds(5), main("Books", "283155", 100)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (count("SELECT COUNT(*) FROM observation") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(count("SELECT COUNT(*) FROM observation")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aFlushInterruptedOnItsWayStillCommitsAndKeepsTheInterrupt(DatabaseKind kind) throws Exception {
        openStore(kind);
        // A long delay: only the flush makes the writer commit.
        try (Store.ObservationWriter writer = store.openWriter(500, Duration.ofSeconds(30))) {
            writer.add(ok("A1", runId, T0, T0.plusSeconds(5), main("Books", "283155", 100)));
            Thread.currentThread().interrupt(); // a stop that comes as the run closes its books

            writer.flush();

            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            assertThat(count("SELECT COUNT(*) FROM observation")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void manyThreadsAddingAtOnceLoseNothing(DatabaseKind kind) throws Exception {
        openStore(kind);
        List<io.rankkeeper.model.Target> targets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            targets.add(target("T" + i));
        }
        store.syncTargets(targets);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Store.ObservationWriter writer = store.openWriter(7, Duration.ofMillis(5))) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int offset = thread * 10;
                tasks.add(pool.submit(() -> {
                    for (int fire = 0; fire < 25; fire++) {
                        for (int i = offset; i < offset + 10; i++) {
                            Instant scheduled = T0.plusSeconds(3600L * fire);
                            writer.add(ok("T" + i, runId, scheduled, scheduled.plusSeconds(1),
                                    main("Books", "283155", 1000 + fire), sub("Poetry", null, 10 + fire)));
                        }
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
            writer.flush();
            assertThat(count("SELECT COUNT(*) FROM observation")).isEqualTo(1000);
        } finally {
            pool.shutdown();
        }
        assertThat(count("SELECT COUNT(*) FROM rank")).isEqualTo(2000);
        assertThat(count("SELECT COUNT(*) FROM category")).isEqualTo(2);
        assertThat(store.latestRanks()).hasSize(80).allSatisfy(latest ->
                assertThat(latest.rank()).isIn(1024L, 34L));
    }
}
