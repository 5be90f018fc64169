package io.rankkeeper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.Target;
import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.RunStart;
import io.rankkeeper.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's check of stored ranks finds every kind of wrong rank, and only in the run asked about. */
class StoredRanksTest {

    private static final int TARGETS = 7;
    private static final Instant FIRST_RUN = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void countsEveryTargetWhoseStoredRanksAreNotExactlyTheServedOnes() {
        String url = "jdbc:h2:file:" + dir.resolve("rankkeeper").toAbsolutePath();
        long checkedRun;
        try (Store store = Store.open(new DatabaseSettings(url, null, null))) {
            store.syncTargets(targets());
            checkedRun = write(store, FIRST_RUN, Map.of(
                    1, ranks -> replace(ranks, 1, rank -> new CategoryRank(rank.category(), rank.nodeId(), null,
                            rank.rank() + 1, rank.main())),
                    2, ranks -> ranks.subList(0, 2),
                    3, ranks -> append(ranks, new CategoryRank("Cookbooks", "6", null, 7, false)),
                    4, ranks -> null,
                    5, ranks -> replace(ranks, 0, rank -> new CategoryRank(rank.category(), rank.nodeId(), null,
                            rank.rank(), false))));
            // a later run with every rank wrong must not count in the first one's check
            write(store, FIRST_RUN.plus(Duration.ofHours(1)), Map.of(0, ranks -> List.of(
                    new CategoryRank("Books", "books", null, 1, true))));
        }

        StoredRanks.Check check = StoredRanks.check(url, checkedRun, TARGETS);

        assertThat(check.observations()).isEqualTo(TARGETS - 1);
        assertThat(check.mismatches()).as("targets 1 (a rank off by one), 2 (one missing), 3 (one extra), 4 (not"
                + " stored), 5 (main flag lost)").isEqualTo(5);
    }

    @Test
    void findsNothingWhenEveryServedRankWasStored() {
        String url = "jdbc:h2:file:" + dir.resolve("rankkeeper").toAbsolutePath();
        long run;
        try (Store store = Store.open(new DatabaseSettings(url, null, null))) {
            store.syncTargets(targets());
            run = write(store, FIRST_RUN, Map.of());
        }

        assertThat(StoredRanks.check(url, run, TARGETS)).isEqualTo(new StoredRanks.Check(TARGETS, 0));
    }

    private static List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (int index = 0; index < TARGETS; index++) {
            targets.add(new Target(FetchScenario.GROUP + "/" + BenchCatalog.asin(index), FetchScenario.GROUP,
                    URI.create("http://127.0.0.2:8080" + BenchCatalog.path(index)), null, null));
        }
        return targets;
    }

    /**
     * One run of every target with the ranks the server serves, changed by {@code changes} where
     * it has an entry for the target (null: the target is not stored). Returns the run's id.
     */
    private static long write(Store store, Instant scheduledAt, Map<Integer, UnaryOperator<List<CategoryRank>>> changes) {
        long runId = store.startRun(new RunStart(FetchScenario.GROUP, 0, scheduledAt, scheduledAt, "test",
                RunReason.MANUAL, TARGETS));
        try (Store.ObservationWriter writer = store.openWriter()) {
            for (int index = 0; index < TARGETS; index++) {
                List<CategoryRank> ranks = changes.getOrDefault(index, UnaryOperator.identity())
                        .apply(BenchCatalog.ranks(index));
                if (ranks == null) {
                    continue;
                }
                String key = FetchScenario.GROUP + "/" + BenchCatalog.asin(index);
                writer.add(new Observation(key, runId, scheduledAt, scheduledAt.plusSeconds(1), Outcome.OK, 200, 1,
                        Duration.ofMillis(100), 500_000, "http://127.0.0.2:8080" + BenchCatalog.path(index), null,
                        "amazon", 1, "amazon.com", null, null, ranks));
            }
        }
        return runId;
    }

    private static List<CategoryRank> replace(List<CategoryRank> ranks, int at, UnaryOperator<CategoryRank> change) {
        List<CategoryRank> changed = new ArrayList<>(ranks);
        changed.set(at, change.apply(changed.get(at)));
        return changed;
    }

    private static List<CategoryRank> append(List<CategoryRank> ranks, CategoryRank extra) {
        List<CategoryRank> changed = new ArrayList<>(ranks);
        changed.add(extra);
        return changed;
    }
}
