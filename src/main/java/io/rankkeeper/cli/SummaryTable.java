package io.rankkeeper.cli;

import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.ColumnData;
import com.github.freva.asciitable.HorizontalAlign;
import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.Target;
import io.rankkeeper.run.RunListener;
import io.rankkeeper.run.RunResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The table printed after a run, in the spirit of the old bookrank script: one line per target
 * with its title, main rank, sub-category ranks and outcome, then the counts per outcome.
 * Collects observations from worker threads (thread-safe), prints once at the end.
 */
final class SummaryTable implements RunListener {

    private static final int TITLE_WIDTH = 40;
    private static final int SUB_RANKS_WIDTH = 60;
    private static final int DETAIL_WIDTH = 60;

    /**
     * Heap a row keeps until the table is printed, for {@link io.rankkeeper.run.Engine#open(
     * io.rankkeeper.config.RankkeeperConfig, long)}: about 400 bytes with the benchmark's short
     * titles (six strings and the row), more with long titles. Counted, a 100,000-target run at
     * -Xmx225m took 52.2-56.0 s with 13-15 full collections, against 62.6-73.8 s and 100-108
     * uncounted.
     */
    static final long HEAP_PER_ROW = 512;

    private final List<Row> rows = new ArrayList<>();

    /**
     * Keeps only the cells of the row, not the observation: a run of 100,000 targets kept every
     * observation (URL, hash, ranks) until the end.
     */
    @Override
    public void observed(Target target, Observation observation) {
        Row row = new Row(target.key(), title(target, observation), mainRank(observation),
                mainCategory(observation), subRanks(observation), outcome(observation));
        synchronized (this) {
            rows.add(row);
        }
    }

    void print(PrintWriter out, List<RunResult> results) {
        List<Row> sorted;
        synchronized (this) {
            sorted = new ArrayList<>(rows);
        }
        sorted.sort(java.util.Comparator.comparing(Row::key));
        List<ColumnData<Row>> columns = List.of(
                new Column().header("Target").dataAlign(HorizontalAlign.LEFT).with(Row::key),
                new Column().header("Title").dataAlign(HorizontalAlign.LEFT).maxWidth(TITLE_WIDTH).with(Row::title),
                new Column().header("Rank").dataAlign(HorizontalAlign.RIGHT).with(Row::rank),
                new Column().header("Category").dataAlign(HorizontalAlign.LEFT).with(Row::category),
                new Column().header("Sub-category ranks").dataAlign(HorizontalAlign.LEFT).maxWidth(SUB_RANKS_WIDTH)
                        .with(Row::subRanks),
                new Column().header("Outcome").dataAlign(HorizontalAlign.LEFT).maxWidth(DETAIL_WIDTH)
                        .with(Row::outcome));
        TextTable.print(out, sorted, columns);
        for (RunResult result : results) {
            out.printf(Locale.ROOT, "Run %d (%s): %s, %d of %d targets in %.1f s (%.1f pages/s)%n", result.runId(),
                    result.group(), result.status().name().toLowerCase(Locale.ROOT), result.attempted(),
                    result.planned(), result.duration().toMillis() / 1000.0, result.pagesPerSecond());
        }
        out.println("Outcomes: " + countLine(results));
        out.flush();
    }

    static String formatRank(long rank) {
        return "#" + String.format(Locale.US, "%,d", rank);
    }

    private static String countLine(List<RunResult> results) {
        Map<Outcome, Integer> total = new EnumMap<>(Outcome.class);
        results.forEach(result -> result.counts().forEach((outcome, count) -> total.merge(outcome, count, Integer::sum)));
        if (total.isEmpty()) {
            return "none";
        }
        return total.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String title(Target target, Observation observation) {
        String title = observation.title();
        if (title == null || title.isBlank()) {
            title = target.label();
        }
        return title == null ? "" : title;
    }

    private static String mainRank(Observation observation) {
        CategoryRank main = mainOrFirst(observation);
        return main == null ? "-" : formatRank(main.rank());
    }

    private static String mainCategory(Observation observation) {
        CategoryRank main = mainOrFirst(observation);
        return main == null ? "" : main.category();
    }

    private static String subRanks(Observation observation) {
        CategoryRank main = mainOrFirst(observation);
        return observation.ranks().stream()
                .filter(rank -> rank != main)
                .map(rank -> formatRank(rank.rank()) + " " + rank.category())
                .collect(Collectors.joining("; "));
    }

    private static String outcome(Observation observation) {
        if (observation.outcome() == Outcome.OK || observation.detail() == null) {
            return observation.outcome().name();
        }
        return observation.outcome() + ": " + observation.detail();
    }

    private static CategoryRank mainOrFirst(Observation observation) {
        CategoryRank main = observation.mainRank();
        return main != null || observation.ranks().isEmpty() ? main : observation.ranks().get(0);
    }

    /** One target's cells, as printed. */
    private record Row(String key, String title, String rank, String category, String subRanks, String outcome) {
    }
}
