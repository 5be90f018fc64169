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
        FreshDatabase database = FreshDatabase.create(kind);
        opened.add(database);
        Store first = Store.open(database.settings());
        opened.add(first);
        Store second = Store.open(database.settings());
        opened.add(second);
        List<Target> targets = List.of(target("A1"), target("B2"));
        first.syncTargets(targets);
        second.syncTargets(targets);
        long runId = first.startRun(TestData.runStart("books", T0, "node-a"));

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> one = pool.submit(() -> writeEveryCategory(first, "A1", runId, start));
            Future<?> two = pool.submit(() -> writeEveryCategory(second, "B2", runId, start));
            one.get();
            two.get();
        } finally {
            pool.shutdown();
        }

        long categories = first.jdbi().withHandle(handle ->
                handle.createQuery("SELECT COUNT(*) FROM category").mapTo(Long.class).one());
        assertThat(categories).isEqualTo(CATEGORIES);
        assertThat(first.latestRanks()).hasSize(2 * CATEGORIES);
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
