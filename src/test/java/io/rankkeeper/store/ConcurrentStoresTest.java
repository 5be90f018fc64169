package io.rankkeeper.store;

import static io.rankkeeper.store.TestData.T0;
import static io.rankkeeper.store.TestData.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two stores on one database (two connection pools, as two processes would have). */
class ConcurrentStoresTest {

    private static final int CATEGORIES = 60;
    private static final int MINUTES = 20;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAndDrop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void twoStoresCreatingTheSameCategoriesAtOnceShareOneRowEach(DatabaseKind kind) throws Exception {
        Stores stores = openTwo(kind, List.of(target("A1"), target("B2")));
        Store first = stores.first();
        CyclicBarrier start = new CyclicBarrier(2);
        together(() -> writeEveryCategory(first, "A1", stores.runId(), start),
                () -> writeEveryCategory(stores.second(), "B2", stores.runId(), start));

        long categories = first.jdbi().withHandle(handle ->
                handle.createQuery("SELECT COUNT(*) FROM category").mapTo(Long.class).one());
        assertThat(categories).isEqualTo(CATEGORIES);
        assertThat(first.latestRanks()).hasSize(2 * CATEGORIES);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void twoStoresWritingTheFirstRanksOfTheSameTargetsAtOnceKeepTheNewest(DatabaseKind kind) throws Exception {
        List<Target> targets = List.of(target("A1"), target("A2"), target("A3"));
        Stores stores = openTwo(kind, targets);
        // both start with the first ranks of every target: each races to create the latest entries
        CyclicBarrier start = new CyclicBarrier(2);
        together(() -> writeMinutes(stores.first(), targets, stores.runId(), 0, start),
                () -> writeMinutes(stores.second(), targets, stores.runId(), 1, start));

        long newest = 2L * (MINUTES - 1) + 1;
        assertThat(stores.first().latestRanks()).hasSize(targets.size() * 3)
                .allSatisfy(latest -> assertThat(latest.rank() % 1_000).as("minute of %s", latest).isEqualTo(newest));
    }

    /**
     * A store reads the history of a target another store synced after it had loaded its target
     * ids (a daemon's config edit seen by a CLI opened before it): its ids are a cache, not the truth.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void readsTheHistoryOfATargetAnotherStoreSyncedLater(DatabaseKind kind) {
        Stores stores = openTwo(kind, List.of(target("A1")));
        assertThat(stores.first().history("N9", T0.minusSeconds(1), T0.plusSeconds(3600))).isEmpty();
        stores.second().syncTargets(List.of(target("A1"), target("N9")));
        try (Store.ObservationWriter writer = stores.second().openWriter()) {
            writer.add(TestData.ok("N9", stores.runId(), T0, T0.plusSeconds(5), TestData.main("Books", "283155", 42)));
        }

        assertThat(stores.first().history("N9", T0.minusSeconds(1), T0.plusSeconds(3600)))
                .singleElement().satisfies(entry -> assertThat(entry.ranks()).extracting(StoredRank::rank)
                        .containsExactly(42L));
    }

    private record Stores(Store first, Store second, long runId) {
    }

    /** Two stores on one fresh database, both knowing {@code targets}, and a run to write into. */
    private Stores openTwo(DatabaseKind kind, List<Target> targets) {
        FreshDatabase database = FreshDatabase.create(kind);
        opened.add(database);
        Store first = Store.open(database.settings());
        opened.add(first);
        Store second = Store.open(database.settings());
        opened.add(second);
        first.syncTargets(targets);
        second.syncTargets(targets);
        return new Stores(first, second, first.startRun(TestData.runStart("books", T0, "node-a")));
    }

    /** Runs both on threads of their own and waits for both; a failure of either fails the test. */
    private static void together(Callable<Void> one, Callable<Void> two) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Void> first = pool.submit(one);
            Future<Void> second = pool.submit(two);
            first.get();
            second.get();
        } finally {
            pool.shutdown();
        }
    }


    /** One observation per target at minutes {@code parity}, {@code parity + 2}, ...; each rank ends in its minute. */
    private static Void writeMinutes(Store store, List<Target> targets, long runId, int parity, CyclicBarrier start)
            throws Exception {
        start.await();
        try (Store.ObservationWriter writer = store.openWriter(targets.size(), Duration.ofMillis(1))) {
            for (int i = 0; i < MINUTES; i++) {
                long minute = 2L * i + parity;
                for (Target target : targets) {
                    writer.add(new Observation(target.key(), runId, T0.plusSeconds(60 * minute),
                            T0.plusSeconds(60 * minute + 1), Outcome.OK, 200, 1, Duration.ofMillis(10), 10, null,
                            null, "amazon", 1, "amazon.com", null, null, List.of(
                                    new CategoryRank("Books", "books", null, 1_000 + minute, true),
                                    new CategoryRank("Poetry", "p1", null, 2_000 + minute, false),
                                    new CategoryRank("Essays", "e1", null, 3_000 + minute, false))));
                }
                writer.flush();
            }
        }
        return null;
    }

    private static Void writeEveryCategory(Store store, String targetKey, long runId, CyclicBarrier start)
            throws Exception {
        start.await();
        // one observation per category, one per batch, so both stores race on each category
        try (Store.ObservationWriter writer = store.openWriter(1, Duration.ofMillis(1))) {
            for (int i = 0; i < CATEGORIES; i++) {
                writer.add(new Observation(targetKey, runId, T0.plusSeconds(60L * i), T0.plusSeconds(60L * i + 1),
                        Outcome.OK, 200, 1, Duration.ofMillis(10), 10, null, null, "amazon", 1, "amazon.com", null,
                        null, List.of(new CategoryRank("Category " + i, i % 2 == 0 ? "node" + i : null, null, 5, true))));
            }
        }
        return null;
    }
}
