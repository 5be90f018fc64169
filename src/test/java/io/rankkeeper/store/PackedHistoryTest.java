package io.rankkeeper.store;

import static io.rankkeeper.store.TestData.T0;
import static io.rankkeeper.store.TestData.runStart;
import static io.rankkeeper.store.TestData.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A target's history read through {@code history_block} and the unpacked tail is exactly what its
 * observation, rank and category rows say: before any packing, between packer passes, after them,
 * and for an attempt that arrives older than what is packed.
 */
class PackedHistoryTest {

    private static final Instant FAR = Instant.parse("3000-01-01T00:00:00Z");
    private static final List<String> KEYS = List.of("A1", "B2", "C3");
    private static final Comparator<StoredRank> MAIN_FIRST = Comparator.comparing(StoredRank::main).reversed()
            .thenComparing(StoredRank::categoryName)
            .thenComparing(StoredRank::nodeId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final List<AutoCloseable> opened = new ArrayList<>();
    private Store store;
    private FreshDatabase database;

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private void openStore(DatabaseKind kind) {
        database = FreshDatabase.create(kind);
        opened.add(database);
        store = Store.open(database.settings());
        opened.add(store);
        store.syncTargets(KEYS.stream().map(TestData::target).toList());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void historyMatchesTheRowsBeforeBetweenAndAfterPacking(DatabaseKind kind) {
        openStore(kind);
        Random random = new Random(5);
        long packed = 0;
        for (int run = 0; run < 60; run++) {
            writeRun(T0.plusSeconds(3_600L * run), random, run == 10);
            if (run % 7 == 6) {
                packed += store.packHistory();
            }
            if (run % 5 == 4) {
                assertSameAsRows();
            }
        }
        // 3 targets: a pass once 48 attempts wait (after runs 20 and 41), all 63 then
        assertThat(packed).isEqualTo(126);
        assertThat(count("SELECT COUNT(*) FROM history_block")).isGreaterThan(0);
        assertThat(count("SELECT SUM(entry_count) FROM history_block")).isEqualTo(packed);
        assertSameAsRows();
        assertThat(store.history("no-such-target", Instant.EPOCH, FAR)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anAttemptOlderThanThePackedOnesIsPackedByTheWriter(DatabaseKind kind) {
        openStore(kind);
        Random random = new Random(9);
        for (int run = 0; run < 20; run++) {
            writeRun(T0.plusSeconds(3_600L * run), random, false);
        }
        assertThat(store.packHistory()).isEqualTo(60);
        long blocks = count("SELECT COUNT(*) FROM history_block");

        // a run recorded with an old fire time, e.g. on a node whose clock is a day behind
        writeRun(T0.minus(Duration.ofDays(1)), random, false);

        assertThat(count("SELECT SUM(entry_count) FROM history_block")).isEqualTo(63);
        assertThat(count("SELECT COUNT(*) FROM history_block")).isGreaterThanOrEqualTo(blocks);
        assertThat(store.history("A1", Instant.EPOCH, FAR)).hasSize(21);
        assertSameAsRows();
        // nothing waits to be packed, so nothing is packed twice
        assertThat(store.packHistory()).isZero();
        assertSameAsRows();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void packingWaitsForAttemptsAfterTheStartOfARunStillRunning(DatabaseKind kind) {
        openStore(kind);
        Random random = new Random(11);
        for (int run = 0; run < 30; run++) {
            writeRun(T0.plusSeconds(3_600L * run), random, false);
        }
        // started before the stored attempts' newest, still running: none after its start is packed
        Instant start = T0.plusSeconds(3_600L * 20);
        store.startRun(new RunStart("books", 0, start, start, "node-a", io.rankkeeper.model.RunReason.MANUAL, 3));

        long packed = store.packHistory();

        assertThat(packed).isEqualTo(60);
        assertThat(store.jdbi().withHandle(handle -> handle.createQuery("SELECT packed_before FROM history_pack")
                .mapTo(OffsetDateTime.class).one()).toInstant()).isBeforeOrEqualTo(start);
        assertSameAsRows();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void passByPassTheBlocksOfATargetAreMergedIntoFewAndTheHistoryStaysTheSame(DatabaseKind kind) {
        openStore(kind);
        Random random = new Random(17);
        int run = 0;
        for (int pass = 1; pass <= 17; pass++) {
            // 16 attempts per target wait: one pass, one block of 16 per target
            for (int i = 0; i < 16; i++, run++) {
                writeRun(T0.plusSeconds(3_600L * run), random, false);
            }
            assertThat(store.packHistory()).isEqualTo(48);
            // the blocks are the digits of the pass count in base 4: 7 = 13 (4 blocks), 15 = 33 (6), 16 = 100 (1)
            int digits = Integer.toString(pass, 4).chars().map(digit -> digit - '0').sum();
            for (String key : KEYS) {
                assertThat(blocks(key)).as("blocks of %s after pass %d", key, pass).isEqualTo(digits);
            }
            if (pass % 4 == 3 || pass == 16) {
                assertSameAsRows();
            }
        }
        assertThat(count("SELECT MAX(entry_count) FROM history_block")).isEqualTo(256);
        assertThat(count("SELECT SUM(entry_count) FROM history_block")).isEqualTo(17 * 48);

        // a late attempt is a block of its own after the newest, merged with the next ones
        writeRun(T0.minus(Duration.ofDays(1)), random, false);
        assertThat(blocks("A1")).isEqualTo(3);
        assertSameAsRows();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < 16; i++, run++) {
                writeRun(T0.plusSeconds(3_600L * run), random, false);
            }
            assertThat(store.packHistory()).isEqualTo(48);
        }
        // numbers 0-15 merged, 16, the late 17, then 18 and 19: 16-19 merged
        assertThat(blocks("A1")).isEqualTo(2);
        assertThat(count("SELECT SUM(entry_count) FROM history_block")).isEqualTo(17 * 48 + 3 + 96);
        assertSameAsRows();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void mergingBlocksThatAreMergedAlreadyChangesNothing(DatabaseKind kind) throws Exception {
        openStore(kind);
        Random random = new Random(19);
        writeHours(random, 0, 64, true);
        long targetId = count("SELECT id FROM target WHERE target_key = 'A1'");
        assertThat(blocks("A1")).isEqualTo(1);
        // the range the fourth pass merged, merged again (as by a second process)
        assertThat(mergeFirstFour(targetId, HistoryMerger.MAX_BLOCK_BYTES)).isZero();
        assertThat(blocks("A1")).isEqualTo(1);
        assertSameAsRows();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void blocksThatWouldMergeIntoATooLargeBlockStayAsTheyAre(DatabaseKind kind) throws Exception {
        openStore(kind);
        Random random = new Random(23);
        writeHours(random, 0, 48, true);
        writeHours(random, 48, 64, false);
        long targetId = count("SELECT id FROM target WHERE target_key = 'A1'");
        long bytes = count("SELECT SUM(LENGTH(entries)) FROM history_block WHERE target_id = " + targetId);
        // the fourth pass adds a fourth block, then merging the four would take more than the cap
        store.jdbi().useTransaction(handle -> HistoryPacker.pass(handle.getConnection(), FAR));

        assertThat(mergeFirstFour(targetId, (int) bytes)).isZero();
        assertThat(blocks("A1")).isEqualTo(4);
        assertSameAsRows();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void twoProcessesPackingAndMergingAtOnceKeepEveryAttemptExactlyOnce(DatabaseKind kind) throws Exception {
        openStore(kind);
        Store second = Store.open(database.settings());
        opened.add(second);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // even and odd hours, each store packing (and merging) after every run of its own
            List<Future<Long>> packed = new ArrayList<>();
            for (Store each : List.of(store, second)) {
                int parity = packed.size();
                packed.add(pool.submit(() -> {
                    Random random = new Random(29 + parity);
                    start.await();
                    long total = 0;
                    for (int run = parity; run < 2 * 160; run += 2) {
                        writeRun(each, T0.plusSeconds(3_600L * run), random, false);
                        total += each.packHistory();
                    }
                    return total;
                }));
            }
            long total = packed.get(0).get() + packed.get(1).get() + store.packHistory();

            // what the packers packed, and what writers packed as late (the stores drift apart, so
            // one packs past hours the other has yet to write): each attempt before packed_before once
            assertThat(total).isPositive();
            assertThat(count("SELECT SUM(entry_count) FROM history_block")).isEqualTo(count("""
                    SELECT COUNT(*) FROM observation WHERE observed_at < (SELECT packed_before FROM history_pack)
                    """));
            // 20 passes of 16 per target at least: the merges of both stores have run
            assertThat(blocks("A1")).isLessThan(count("SELECT COUNT(*) FROM observation o JOIN target t"
                    + " ON t.id = o.target_id WHERE t.target_key = 'A1'") / 16);
            assertSameAsRows();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void packingInTheBackgroundWhileTheNextRunsWriteKeepsEveryAttemptExactlyOnce(DatabaseKind kind) {
        openStore(kind);
        Random random = new Random(37);
        for (int run = 0; run < 160; run++) {
            writeRun(T0.plusSeconds(3_600L * run), random, run == 50);
            // as the daemon does after a run: the next run writes while this one is packed
            store.packHistoryLater();
            if (run % 40 == 39) {
                assertSameAsRows();
            }
        }
        long packed = store.awaitPacking();

        // 16 attempts per target wait before a pass: 480 attempts, packed in passes of 48 or more
        assertThat(packed).isGreaterThanOrEqualTo(432);
        assertThat(count("SELECT SUM(entry_count) FROM history_block")).isEqualTo(count("""
                SELECT COUNT(*) FROM observation WHERE observed_at < (SELECT packed_before FROM history_pack)
                """));
        assertSameAsRows();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void blocksThatCannotBeDecodedAreLeftUnmergedAndPackingGoesOn(DatabaseKind kind) {
        openStore(kind);
        Random random = new Random(31);
        writeHours(random, 0, 48, true);
        store.jdbi().useHandle(handle -> handle.execute("UPDATE history_block SET entries = ?", new byte[] {1, 5, 0}));
        writeHours(random, 48, 64, false);

        assertThat(store.packHistory()).isEqualTo(48);
        assertThat(blocks("A1")).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aBlockChangedOutsideRankkeeperIsAnErrorThatSaysWhereTheAttemptsAre(DatabaseKind kind) {
        openStore(kind);
        Random random = new Random(13);
        for (int run = 0; run < 20; run++) {
            writeRun(T0.plusSeconds(3_600L * run), random, false);
        }
        store.packHistory();
        store.jdbi().useHandle(handle -> handle.execute("UPDATE history_block SET entries = ?", new byte[] {1, 5, 0}));

        assertThatThrownBy(() -> store.history("A1", Instant.EPOCH, FAR)).isInstanceOf(StoreException.class)
                .hasMessageContaining("packed history of target A1 (table history_block) cannot be read")
                .hasMessageContaining("the observation and rank tables still hold every attempt");
    }

    /** Merges the target's blocks numbered 0 to 3, as the pass that numbered the fourth does. */
    private int mergeFirstFour(long targetId, int maxBytes) throws SQLException {
        List<HistoryMerger.Range> range = List.of(HistoryMerger.after(targetId, 3, 4));
        return store.jdbi().inTransaction(handle -> HistoryMerger.merge(handle.getConnection(), range, maxBytes));
    }

    /** Writes the hourly runs {@code from} to {@code to} (exclusive), packing after every 16 when asked. */
    private void writeHours(Random random, int from, int to, boolean pack) {
        for (int run = from; run < to; run++) {
            writeRun(T0.plusSeconds(3_600L * run), random, false);
            if (pack && (run + 1) % 16 == 0) {
                store.packHistory();
            }
        }
    }

    private void writeRun(Instant scheduledAt, Random random, boolean withDuplicate) {
        writeRun(store, scheduledAt, random, withDuplicate);
    }

    private static void writeRun(Store store, Instant scheduledAt, Random random, boolean withDuplicate) {
        long runId = store.startRun(runStart("books", scheduledAt, "node-a"));
        try (Store.ObservationWriter writer = store.openWriter()) {
            for (String key : KEYS) {
                Observation observation = observation(key, runId, scheduledAt, random);
                writer.add(observation);
                if (withDuplicate) {
                    // same target and fire time: ignored by the writer, so never packed
                    writer.add(observation(key, runId, scheduledAt, random));
                }
            }
        }
        store.finishRun(runId, scheduledAt.plusSeconds(60), RunStatus.COMPLETED, Map.of());
    }

    private static Observation observation(String key, long runId, Instant scheduledAt, Random random) {
        // nanoseconds the columns round to microseconds
        Instant observedAt = scheduledAt.plusMillis(random.nextInt(50_000)).plusNanos(random.nextInt(1_000_000));
        if (random.nextInt(5) == 0) {
            Outcome outcome = random.nextBoolean() ? Outcome.BLOCKED : Outcome.TIMEOUT;
            return new Observation(key, runId, scheduledAt, observedAt, outcome,
                    outcome == Outcome.TIMEOUT ? null : 503, 1 + random.nextInt(3), Duration.ofMillis(random.nextInt(9_000)),
                    random.nextInt(5_000), null, null, null, 0, "amazon.com", null,
                    random.nextBoolean() ? "robot check" : "timed out after 30 s", List.of());
        }
        List<CategoryRank> ranks = new ArrayList<>();
        ranks.add(new CategoryRank(random.nextBoolean() ? "Books" : "Bücher", "283155", null,
                1 + random.nextInt(2_000_000), true));
        for (int i = random.nextInt(3); i > 0; i--) {
            ranks.add(new CategoryRank("sub " + (char) ('a' + random.nextInt(4)), random.nextBoolean() ? null
                    : String.valueOf(1_000 + random.nextInt(3)), null, 1 + random.nextInt(5_000), false));
        }
        return new Observation(key, runId, scheduledAt, observedAt, Outcome.OK, 200, 1,
                Duration.ofMillis(300 + random.nextInt(2_000)), 400_000 + random.nextInt(600_000),
                "https://www.amazon.com/dp/" + key + (random.nextInt(10) == 0 ? "?ref=moved" : ""), "abc",
                "amazon", random.nextInt(10) == 0 ? 4 : 3, "amazon.com",
                random.nextInt(10) == 0 ? "Ein anderer Titel – 2. Auflage" : "A title", null, ranks);
    }

    /** Every target's whole history, and a window across packed and unpacked attempts, as the rows say. */
    private void assertSameAsRows() {
        Instant from = T0.plusSeconds(3_600L * 5 + 30);
        Instant to = T0.plusSeconds(3_600L * 40 + 30);
        for (String key : KEYS) {
            assertThat(store.history(key, Instant.EPOCH, FAR)).isEqualTo(fromRows(key, Instant.EPOCH, FAR));
            assertThat(store.history(key, from, to)).isEqualTo(fromRows(key, from, to));
        }
    }

    /** The history as the observation, rank and category rows hold it, without history_block. */
    private List<HistoryEntry> fromRows(String key, Instant from, Instant to) {
        return store.jdbi().withHandle(handle -> {
            Map<Long, List<StoredRank>> ranks = new HashMap<>();
            handle.createQuery("""
                    SELECT r.observation_id, c.marketplace, c.name, c.node_id, r.rank, r.is_main
                      FROM observation o JOIN target t ON t.id = o.target_id
                      JOIN rank r ON r.observation_id = o.id JOIN category c ON c.id = r.category_id
                     WHERE t.target_key = :key AND o.observed_at >= :from AND o.observed_at < :to
                    """).bind("key", key).bind("from", from.atOffset(java.time.ZoneOffset.UTC))
                    .bind("to", to.atOffset(java.time.ZoneOffset.UTC))
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), new StoredRank(rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), rs.getBoolean(6))))
                    .forEach(e -> ranks.computeIfAbsent(e.getKey(), id -> new ArrayList<>()).add(e.getValue()));
            ranks.values().forEach(list -> list.sort(MAIN_FIRST));
            return handle.createQuery("""
                    SELECT o.id, o.run_id, o.scheduled_at, o.observed_at, o.outcome, o.http_status, o.attempts,
                           o.duration_ms, o.bytes, o.final_url, o.extractor, o.extractor_version, o.title, o.detail
                      FROM observation o JOIN target t ON t.id = o.target_id
                     WHERE t.target_key = :key AND o.observed_at >= :from AND o.observed_at < :to
                     ORDER BY o.observed_at, o.id
                    """).bind("key", key).bind("from", from.atOffset(java.time.ZoneOffset.UTC))
                    .bind("to", to.atOffset(java.time.ZoneOffset.UTC))
                    .map((rs, ctx) -> new HistoryEntry(rs.getLong(1), rs.getLong(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), Outcome.valueOf(rs.getString(5)),
                            (Integer) rs.getObject(6), rs.getInt(7), Duration.ofMillis(rs.getLong(8)), rs.getLong(9),
                            rs.getString(10), rs.getString(11), rs.getInt(12), rs.getString(13), rs.getString(14),
                            ranks.getOrDefault(rs.getLong(1), List.of())))
                    .list();
        });
    }

    private long blocks(String key) {
        return count("SELECT COUNT(*) FROM history_block b JOIN target t ON t.id = b.target_id WHERE t.target_key = '"
                + key + "'");
    }

    private long count(String sql) {
        return store.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
