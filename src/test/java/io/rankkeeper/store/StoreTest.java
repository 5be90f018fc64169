package io.rankkeeper.store;

import static io.rankkeeper.store.TestData.T0;
import static io.rankkeeper.store.TestData.failed;
import static io.rankkeeper.store.TestData.main;
import static io.rankkeeper.store.TestData.ok;
import static io.rankkeeper.store.TestData.runStart;
import static io.rankkeeper.store.TestData.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StoreTest {

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAndDrop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private FreshDatabase database(DatabaseKind kind) {
        FreshDatabase database = FreshDatabase.create(kind);
        opened.add(database);
        return database;
    }

    private Store open(FreshDatabase database) {
        Store store = Store.open(database.settings());
        opened.add(store);
        return store;
    }

    private Store freshStore(DatabaseKind kind) {
        return open(database(kind));
    }

    private static long count(Store store, String sql) {
        return store.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void migratesFreshDatabaseAndSecondOpenChangesNothing(DatabaseKind kind) {
        FreshDatabase database = database(kind);
        Store first = open(database);
        long applied = count(first, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL");
        assertThat(applied).isEqualTo(Migrations.count(kind));
        for (String relation : List.of("target", "scrape_run", "observation", "category", "rank",
                "latest_rank_entry", "rank_history", "latest_rank", "daily_rank")) {
            assertThat(count(first, "SELECT COUNT(*) FROM " + relation)).as(relation).isZero();
        }
        first.close();

        Store second = open(database);
        assertThat(count(second, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL"))
                .isEqualTo(applied);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void syncInsertsUpdatesDeactivatesAndReactivatesTargets(DatabaseKind kind) {
        Store store = freshStore(kind);
        store.syncTargets(List.of(target("A1"), target("B2")));
        assertThat(activeKeys(store)).containsExactlyInAnyOrder("A1", "B2");

        Target renamed = new Target("A1", "books", URI.create("https://www.amazon.de/dp/A1"), "New label", "X");
        store.syncTargets(List.of(renamed));
        assertThat(activeKeys(store)).containsExactly("A1");
        TargetDao.TargetRow a1 = rows(store).stream().filter(row -> row.targetKey().equals("A1")).findFirst().orElseThrow();
        assertThat(a1.url()).isEqualTo("https://www.amazon.de/dp/A1");
        assertThat(a1.label()).isEqualTo("New label");
        assertThat(a1.itemId()).isEqualTo("X");
        assertThat(rows(store)).hasSize(2);

        store.syncTargets(List.of(renamed, target("B2")));
        assertThat(activeKeys(store)).containsExactlyInAnyOrder("A1", "B2");
        assertThat(rows(store)).hasSize(2);
    }

    private static List<TargetDao.TargetRow> rows(Store store) {
        return store.jdbi().withExtension(TargetDao.class, TargetDao::all);
    }

    private static List<String> activeKeys(Store store) {
        return rows(store).stream().filter(TargetDao.TargetRow::active).map(TargetDao.TargetRow::targetKey).toList();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void tellsWhichNodeFinishedAShardsRunOfAFireTimeAndMarksADeadNodesRunWhenAnotherRunsItAgain(DatabaseKind kind) {
        Store store = freshStore(kind);
        long dead = store.startRun(new RunStart("books", 3, T0, T0.plusSeconds(1), "node-a", RunReason.SCHEDULED, 5));
        store.startRun(new RunStart("books", 3, T0.plusSeconds(60), T0.plusSeconds(61), "node-a", RunReason.SCHEDULED, 5));
        assertThat(store.finishedRunNode("books", 3, T0)).isNull();

        assertThat(store.markRecoveredRunInterrupted("books", 3, T0, "node-b")).isEqualTo(1);
        assertThat(store.run(dead).status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(store.run(dead).detail()).contains("its node died", "node-b");
        long again = store.startRun(new RunStart("books", 3, T0, T0.plusSeconds(20), "node-b", RunReason.SCHEDULED, 5));
        // its own row is never the one marked, nor the run of another fire time
        assertThat(store.markRecoveredRunInterrupted("books", 3, T0, "node-b")).isZero();
        assertThat(store.finishedRunNode("books", 3, T0)).isNull();

        store.finishRun(again, T0.plusSeconds(21), RunStatus.COMPLETED, Map.of(Outcome.OK, 5));
        assertThat(store.finishedRunNode("books", 3, T0)).isEqualTo("node-b");
        assertThat(store.finishedRunNode("books", 2, T0)).isNull();
        assertThat(store.finishedRunNode("books", 3, T0.plusSeconds(60))).isNull();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void finishedRunKeepsItsStatusAndCountPerOutcome(DatabaseKind kind) {
        Store store = freshStore(kind);
        long runId = store.startRun(new RunStart("books", 2, T0, T0.plusSeconds(3), "node-a", RunReason.CATCH_UP, 7));

        RunSummary running = store.run(runId);
        assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(running.endedAt()).isNull();
        assertThat(running.reason()).isEqualTo(RunReason.CATCH_UP);
        assertThat(running.shard()).isEqualTo(2);
        assertThat(running.scheduledAt()).isEqualTo(T0);

        store.finishRun(runId, T0.plusSeconds(60), RunStatus.SUSPECT,
                Map.of(Outcome.OK, 3, Outcome.BLOCKED, 2, Outcome.TOO_LARGE, 1));
        RunSummary finished = store.run(runId);
        assertThat(finished.status()).isEqualTo(RunStatus.SUSPECT);
        assertThat(finished.endedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(finished.counts()).containsEntry(Outcome.OK, 3).containsEntry(Outcome.BLOCKED, 2)
                .containsEntry(Outcome.TOO_LARGE, 1).containsEntry(Outcome.TIMEOUT, 0);
        assertThat(finished.attempted()).isEqualTo(6);
        assertThat(finished.targetCount()).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void finishingAnUnknownRunIsAClearError(DatabaseKind kind) {
        Store store = freshStore(kind);
        assertThatThrownBy(() -> store.finishRun(999, T0, RunStatus.COMPLETED, Map.of()))
                .isInstanceOf(StoreException.class).hasMessageContaining("999");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void danglingRunsOfTheNodeBecomeInterruptedWithCommittedCounts(DatabaseKind kind) {
        Store store = freshStore(kind);
        store.syncTargets(List.of(target("A1"), target("B2")));
        long dangling = store.startRun(runStart("books", T0, "node-a"));
        long otherNode = store.startRun(runStart("books", T0.plusSeconds(3600), "node-b"));
        long finished = store.startRun(runStart("books", T0.plusSeconds(7200), "node-a"));
        store.finishRun(finished, T0.plusSeconds(7300), RunStatus.COMPLETED, Map.of());
        try (Store.ObservationWriter writer = store.openWriter()) {
            writer.add(ok("A1", dangling, T0, T0.plusSeconds(5), main("Books", "283155", 10)));
            writer.add(failed("B2", dangling, T0, Outcome.BLOCKED));
        }

        assertThat(store.markDanglingRunsInterrupted("node-a")).isEqualTo(1);

        RunSummary interrupted = store.run(dangling);
        assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(interrupted.counts()).containsEntry(Outcome.OK, 1).containsEntry(Outcome.BLOCKED, 1);
        assertThat(interrupted.detail()).contains("interrupted");
        assertThat(store.run(otherNode).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(store.run(finished).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(store.markDanglingRunsInterrupted("node-a")).isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void lastRunsShowsTheNewestRunOfEachGroup(DatabaseKind kind) {
        Store store = freshStore(kind);
        store.startRun(runStart("books", T0, "n"));
        long newestBooks = store.startRun(runStart("books", T0.plusSeconds(3600), "n"));
        long toys = store.startRun(runStart("toys", T0, "n"));

        assertThat(store.lastRuns()).extracting(RunSummary::id).containsExactly(newestBooks, toys);
    }
}
