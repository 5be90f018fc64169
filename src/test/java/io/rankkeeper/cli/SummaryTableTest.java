package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import io.rankkeeper.run.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void printsOneLinePerTargetSortedByKeyWithItsRanksOrWhatWentWrong() {
        SummaryTable table = new SummaryTable();
        table.observed(target("shop/b", "Label of b"), ok("shop/b", "Caf\u00e9 cookbook",
                new CategoryRank("Books", "283155", null, 80_190, true),
                new CategoryRank("Python Programming", "285856", null, 11, false),
                new CategoryRank("Cookbooks", "6", null, 2_345, false)));
        table.observed(target("shop/a", "Label of a"), blocked("shop/a"));

        String printed = print(table, List.of(new RunResult(7, "books", RunStatus.COMPLETED,
                Map.of(Outcome.OK, 1, Outcome.BLOCKED, 1), AT, AT.plusSeconds(4), 2)));

        String n = System.lineSeparator();
        assertThat(printed).isEqualTo(String.join(n,
                "+--------+---------------+---------+----------+------------------------------------------+----------------------+",
                "| Target | Title         | Rank    | Category | Sub-category ranks                       | Outcome              |",
                "+--------+---------------+---------+----------+------------------------------------------+----------------------+",
                "| shop/a | Label of a    |       - |          |                                          | BLOCKED: robot check |",
                "| shop/b | Caf\u00e9 cookbook | #80,190 | Books    | #11 Python Programming; #2,345 Cookbooks | OK                   |",
                "+--------+---------------+---------+----------+------------------------------------------+----------------------+",
                "Run 7 (books): completed, 2 of 2 targets in 4.0 s (0.5 pages/s)",
                "Outcomes: OK 1, BLOCKED 1", ""));
    }

    @Test
    void keepsNoObservationUntilTheEnd() {
        SummaryTable table = new SummaryTable();
        Observation observation = ok("shop/a", "A title", new CategoryRank("Books", "1", null, 5, true));
        WeakReference<Observation> kept = new WeakReference<>(observation);
        table.observed(target("shop/a", null), observation);
        observation = null;

        for (int attempt = 0; attempt < 20 && kept.get() != null; attempt++) {
            System.gc();
        }

        assertThat(kept.get()).as("the observation, after the table took its row").isNull();
        assertThat(print(table, List.of())).contains("| shop/a | A title |   #5 | Books    |");
    }

    private static String print(SummaryTable table, List<RunResult> results) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text), results);
        return text.toString();
    }

    private static Target target(String key, String label) {
        return new Target(key, "books", URI.create("https://www.amazon.com/dp/" + key.substring(5)), label, null);
    }

    private static Observation ok(String key, String title, CategoryRank... ranks) {
        return new Observation(key, 7, AT, AT.plusSeconds(1), Outcome.OK, 200, 1, Duration.ofMillis(300), 400_000,
                "https://www.amazon.com/dp/x", "abc", "amazon", 3, "amazon.com", title, null, List.of(ranks));
    }

    private static Observation blocked(String key) {
        return new Observation(key, 7, AT, AT.plusSeconds(2), Outcome.BLOCKED, 503, 3, Duration.ofSeconds(2), 2_000,
                null, null, null, 0, "amazon.com", null, "robot check", List.of());
    }
}
