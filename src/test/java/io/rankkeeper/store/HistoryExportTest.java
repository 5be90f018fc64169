package io.rankkeeper.store;

import static io.rankkeeper.store.TestData.T0;
import static io.rankkeeper.store.TestData.failed;
import static io.rankkeeper.store.TestData.main;
import static io.rankkeeper.store.TestData.ok;
import static io.rankkeeper.store.TestData.runStart;
import static io.rankkeeper.store.TestData.sub;
import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.Target;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The long-format export: every observation and rank exactly once, filters, order, and a plan without a sort. */
class HistoryExportTest {

    private static final int RUNS = 6;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAndDrop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private Store filledStore(DatabaseKind kind) {
        FreshDatabase database = FreshDatabase.create(kind);
        opened.add(database);
        Store store = Store.open(database.settings());
        opened.add(store);
        fill(store);
        return store;
    }

    /** Targets A1, B2 (group books) and C3 (group music); a run a day; B2 blocked every other day. */
    static void fill(Store store) {
        store.syncTargets(List.of(target("A1", "books"), target("B2", "books"), target("C3", "music")));
        for (int day = 0; day < RUNS; day++) {
            Instant at = T0.plus(Duration.ofDays(day));
            long books = store.startRun(runStart("books", at, "node-1"));
            long music = store.startRun(runStart("music", at, "node-1"));
            try (Store.ObservationWriter writer = store.openWriter()) {
                writer.add(ok("A1", books, at, at.plusSeconds(3), main("Books", "283155", 1_000 + day),
                        sub("Python", "285856", 10 + day)));
                writer.add(day % 2 == 0 ? failed("B2", books, at, Outcome.BLOCKED)
                        : ok("B2", books, at, at.plusSeconds(4), main("Books", "283155", 5_000 + day)));
                writer.add(ok("C3", music, at, at.plusSeconds(5), main("Music", null, 77), sub("Jazz", "1", 3),
                        sub("Piano", "2", 1)));
            }
        }
    }

    private static Target target(String key, String group) {
        return new Target(key, group, URI.create("https://www.amazon.com/dp/" + key), "Label \"" + key + "\", x", null);
    }

    private static List<HistoryRow> export(Store store, HistoryFilter filter) {
        List<HistoryRow> rows = new ArrayList<>();
        long count = store.exportHistory(filter, rows::add);
        assertThat(count).isEqualTo(rows.size());
        return rows;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void exportsEveryRankAndEveryFailedAttemptOnceInObservationOrder(DatabaseKind kind) {
        Store store = filledStore(kind);
        List<HistoryRow> rows = export(store, HistoryFilter.everything());

        // per day: A1 2 ranks, B2 1 rank or 1 failure row, C3 3 ranks
        assertThat(rows).hasSize(RUNS * 6);
        assertThat(rows).extracting(HistoryRow::observationId).isSorted();
        List<String> expected = new ArrayList<>();
        for (int day = 0; day < RUNS; day++) {
            Instant at = T0.plus(Duration.ofDays(day));
            expected.add("A1 " + at.plusSeconds(3) + " OK Books 283155 " + (1_000 + day) + " true 200");
            expected.add("A1 " + at.plusSeconds(3) + " OK Python 285856 " + (10 + day) + " false 200");
            expected.add(day % 2 == 0 ? "B2 " + at.plusSeconds(2) + " BLOCKED null null null null 503"
                    : "B2 " + at.plusSeconds(4) + " OK Books 283155 " + (5_000 + day) + " true 200");
            expected.add("C3 " + at.plusSeconds(5) + " OK Music null 77 true 200");
            expected.add("C3 " + at.plusSeconds(5) + " OK Jazz 1 3 false 200");
            expected.add("C3 " + at.plusSeconds(5) + " OK Piano 2 1 false 200");
        }
        assertThat(rows).extracting(row -> row.targetKey() + " " + row.observedAt() + " " + row.outcome() + " "
                + row.category() + " " + row.categoryNodeId() + " " + row.rank() + " " + row.main() + " "
                + row.httpStatus()).containsExactlyInAnyOrderElementsOf(expected);
        HistoryRow first = rows.get(0);
        assertThat(first.label()).isEqualTo("Label \"" + first.targetKey() + "\", x");
        assertThat(first.url()).isEqualTo("https://www.amazon.com/dp/" + first.targetKey());
        assertThat(rows).filteredOn(row -> row.rank() == null).allSatisfy(row -> {
            assertThat(row.outcome()).isEqualTo(Outcome.BLOCKED);
            assertThat(row.marketplace()).isNull();
        });
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void filtersByTimeTargetGroupAndOutcome(DatabaseKind kind) {
        Store store = filledStore(kind);
        Instant since = T0.plus(Duration.ofDays(2));
        Instant until = T0.plus(Duration.ofDays(4));
        assertThat(export(store, new HistoryFilter(since, until, List.of(), List.of(), Set.of())))
                .hasSize(12).allSatisfy(row -> assertThat(row.observedAt()).isBetween(since, until));
        assertThat(export(store, new HistoryFilter(null, null, List.of("B2"), List.of(), Set.of())))
                .hasSize(RUNS).extracting(HistoryRow::targetKey).containsOnly("B2");
        assertThat(export(store, new HistoryFilter(null, null, List.of("B2"), List.of(), Set.of(Outcome.OK))))
                .hasSize(RUNS / 2).allSatisfy(row -> assertThat(row.rank()).isNotNull());
        assertThat(export(store, new HistoryFilter(null, null, List.of(), List.of("music"), Set.of())))
                .hasSize(RUNS * 3).extracting(HistoryRow::group).containsOnly("music");
        assertThat(export(store, new HistoryFilter(null, null, List.of("A1", "C3"), List.of("books"),
                Set.of(Outcome.OK, Outcome.BLOCKED)))).hasSize(RUNS * 2).extracting(HistoryRow::targetKey)
                .containsOnly("A1");
        assertThat(export(store, new HistoryFilter(null, null, List.of(), List.of(), Set.of(Outcome.BLOCKED))))
                .hasSize(RUNS / 2);
        assertThat(store.storedGroups()).containsExactly("books", "music");
        assertThat(store.storedTargetKeys()).containsExactly("A1", "B2", "C3");
    }

    @Test
    void h2ReadsTheHistoryInPrimaryKeyOrderWithoutSorting() {
        Store store = filledStore(DatabaseKind.H2);
        for (HistoryFilter filter : List.of(HistoryFilter.everything(),
                new HistoryFilter(T0, T0.plus(Duration.ofDays(1)), List.of("A1"), List.of("books"), Set.of(Outcome.OK)))) {
            String plan = String.join("\n", HistoryExport.plan(store.dataSource(), filter));
            assertThat(plan).contains("FROM \"PUBLIC\".\"OBSERVATION\" \"O\" USE INDEX ()\n    /* PUBLIC.PRIMARY_KEY")
                    .contains("/* index sorted */");
        }
    }
}
