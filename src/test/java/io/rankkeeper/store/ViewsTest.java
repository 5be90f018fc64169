package io.rankkeeper.store;

import static io.rankkeeper.store.TestData.T0;
import static io.rankkeeper.store.TestData.failed;
import static io.rankkeeper.store.TestData.main;
import static io.rankkeeper.store.TestData.ok;
import static io.rankkeeper.store.TestData.runStart;
import static io.rankkeeper.store.TestData.sub;
import static io.rankkeeper.store.TestData.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The views SQL users rely on, read with plain SQL as they would. */
class ViewsTest {

    private static final Instant DAY1_EARLY = Instant.parse("2026-03-01T00:30:00Z");
    private static final Instant DAY1_LATE = Instant.parse("2026-03-01T23:30:00Z");
    private static final Instant DAY2 = Instant.parse("2026-03-02T12:00:00Z");

    private final List<AutoCloseable> opened = new ArrayList<>();
    private Store store;

    @AfterEach
    void closeAndDrop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private void storeHistory(DatabaseKind kind) {
        FreshDatabase database = FreshDatabase.create(kind);
        opened.add(database);
        store = Store.open(database.settings());
        opened.add(store);
        store.syncTargets(List.of(target("A1"), target("B2")));
        long runId = store.startRun(runStart("books", T0, "node-a"));
        try (Store.ObservationWriter writer = store.openWriter()) {
            writer.add(ok("A1", runId, DAY1_EARLY, DAY1_EARLY, main("Books", "283155", 500), sub("Poetry", null, 9)));
            writer.add(ok("A1", runId, DAY1_EARLY.plusSeconds(3600), DAY1_EARLY.plusSeconds(3600), main("Books", "283155", 300)));
            writer.add(ok("A1", runId, DAY1_LATE, DAY1_LATE, main("Books", "283155", 400)));
            writer.add(failed("A1", runId, DAY1_LATE.plusSeconds(1800), Outcome.BLOCKED));
            writer.add(ok("A1", runId, DAY2, DAY2, main("Books", "283155", 100)));
            writer.add(failed("B2", runId, DAY2, Outcome.TIMEOUT));
        }
    }

    private List<Map<String, Object>> query(String sql) {
        return store.jdbi().withHandle(handle -> {
            shiftSessionTimeZone(handle);
            return handle.createQuery(sql).mapToMap().list();
        });
    }

    /** Far from UTC, so a view that used the session zone for "day" would put 23:30 UTC on the next day. */
    private void shiftSessionTimeZone(Handle handle) {
        // same statement on H2 and PostgreSQL
        handle.execute("SET TIME ZONE 'Pacific/Auckland'");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void rankHistoryHasOneRowPerOkObservationAndCategory(DatabaseKind kind) {
        storeHistory(kind);
        List<Map<String, Object>> rows = query("""
                SELECT target_key, label, group_name, url, category_name, node_id, marketplace, rank, is_main, run_id
                  FROM rank_history ORDER BY observed_at, is_main DESC""");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).containsEntry("target_key", "A1").containsEntry("label", "Label A1")
                .containsEntry("group_name", "books").containsEntry("url", "https://www.amazon.com/dp/A1")
                .containsEntry("category_name", "Books").containsEntry("node_id", "283155")
                .containsEntry("marketplace", "amazon.com").containsEntry("rank", 500L).containsEntry("is_main", true);
        assertThat(rows.get(1)).containsEntry("category_name", "Poetry").containsEntry("node_id", null)
                .containsEntry("is_main", false);
        assertThat(rows).extracting(row -> row.get("rank")).containsExactly(500L, 9L, 300L, 400L, 100L);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void latestRankShowsTheNewestOkRankPerCategory(DatabaseKind kind) {
        storeHistory(kind);
        List<Map<String, Object>> rows = query("""
                SELECT target_key, category_name, rank, is_main FROM latest_rank ORDER BY target_key, category_name""");
        assertThat(rows).extracting(row -> row.get("category_name") + "=" + row.get("rank"))
                .containsExactly("Books=100", "Poetry=9");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void dailyRankSummarisesEachUtcDay(DatabaseKind kind) {
        storeHistory(kind);
        List<Map<String, Object>> rows = query("""
                SELECT CAST(utc_day AS VARCHAR(10)) AS utc_day, first_rank, last_rank, min_rank, max_rank, observations
                  FROM daily_rank WHERE category_name = 'Books' ORDER BY utc_day""");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("utc_day", "2026-03-01").containsEntry("first_rank", 500L)
                .containsEntry("last_rank", 400L).containsEntry("min_rank", 300L).containsEntry("max_rank", 500L);
        assertThat(((Number) rows.get(0).get("observations")).longValue()).isEqualTo(3);
        assertThat(rows.get(1)).containsEntry("utc_day", "2026-03-02").containsEntry("first_rank", 100L)
                .containsEntry("last_rank", 100L);
    }
}
