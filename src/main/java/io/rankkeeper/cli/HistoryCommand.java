package io.rankkeeper.cli;

import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.ColumnData;
import com.github.freva.asciitable.HorizontalAlign;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.store.HistoryEntry;
import io.rankkeeper.store.Store;
import io.rankkeeper.store.StoredTarget;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code history TARGET}: every attempt at one target over time, its rank or what went wrong. Reads only. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Shows every attempt at one target over time: when, which run, the outcome, the rank "
                + "(a failed attempt shows its outcome, never a number), the HTTP status and the detail.")
final class HistoryCommand implements Callable<Integer> {

    static final String DEFAULT_SINCE = "30d";
    /** --until when not given: after any observation can exist. */
    static final Instant NO_END = Instant.parse("9999-12-31T00:00:00Z");
    private static final int DETAIL_WIDTH = 60;
    private static final int CATEGORY_WIDTH = 30;

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "A target key, its numeric id, or an unambiguous part of its key or label.")
    String target;

    @Option(names = "--category", paramLabel = "NAME",
            description = "The rank in this category (its name or best-sellers node id); default: each page's main "
                    + "category.")
    String category;

    @Option(names = "--all-categories", description = "One row per attempt and category.")
    boolean allCategories;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = DEFAULT_SINCE,
            description = "From when: 30d, 12h, 45m, 90s, 2w back from now, a UTC date (2026-11-01) or an instant "
                    + "(2026-11-01T10:00:00Z). Default: ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--until", paramLabel = "WHEN",
            description = "Up to when, same forms as --since (a date includes that whole day). Default: now.")
    String until;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "table, csv or json (default: table).")
    OutputFormat format;

    @Option(names = "--color", negatable = true,
            description = "Show each change of rank as \u2191 better / \u2193 worse / = in the table "
                    + "(default: on a terminal).")
    Boolean color;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (category != null && allCategories) {
            throw new UsageException("--category and --all-categories cannot be used together");
        }
        Instant now = Instant.now();
        Instant from = TimeArgument.parse("--since", since, now, false);
        Instant to = until == null ? NO_END : TimeArgument.parse("--until", until, now, true);
        if (!from.isBefore(to)) {
            throw new UsageException("--since (" + from + ") must be before --until (" + to + ")");
        }
        StoredTarget chosen;
        List<HistoryEntry> entries;
        try (Store store = QueryStore.open(config.database())) {
            // a key is looked up alone; every target is read only to match an id, a label or a part
            chosen = store.target(target.trim()).orElseGet(() -> TargetMatcher.resolve(store.targets(), target));
            entries = store.history(chosen.key(), from, to);
        }
        List<HistoryRows.Row> rows = HistoryRows.build(entries, category, allCategories);
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.TABLE) {
            printTable(out, chosen, entries.size(), rows, from, until == null ? null : to, RankText.arrows(color));
        } else {
            records(chosen).print(format, out, rows);
        }
        return ExitCodes.OK;
    }

    private void printTable(PrintWriter out, StoredTarget chosen, int attempts, List<HistoryRows.Row> rows,
            Instant from, Instant to, boolean arrows) {
        out.printf("%s%s, group %s%s: %d attempt%s from %s to %s%n", chosen.key(),
                chosen.label() == null ? "" : " \"" + chosen.label() + "\"", chosen.group(),
                chosen.active() ? "" : " (inactive)", attempts, attempts == 1 ? "" : "s", RankText.instant(from),
                to == null ? "now" : RankText.instant(to));
        if (rows.isEmpty()) {
            out.println("No attempts in this period; try a longer --since.");
            out.flush();
            return;
        }
        List<ColumnData<HistoryRows.Row>> columns = new ArrayList<>(List.of(
                new Column().header("Observed at (UTC)").dataAlign(HorizontalAlign.LEFT)
                        .with(row -> RankText.instant(row.observedAt())),
                new Column().header("Run").dataAlign(HorizontalAlign.RIGHT).with(row -> Long.toString(row.runId())),
                new Column().header("Outcome").dataAlign(HorizontalAlign.LEFT).with(row -> row.outcome().name()),
                new Column().header("Rank").dataAlign(HorizontalAlign.RIGHT).with(HistoryCommand::rankCell)));
        if (arrows) {
            columns.add(new Column().header("Change").dataAlign(HorizontalAlign.RIGHT)
                    .with(row -> RankText.change(row.change(), true)));
        }
        columns.addAll(List.of(
                new Column().header("Category").dataAlign(HorizontalAlign.LEFT).maxWidth(CATEGORY_WIDTH)
                        .with(row -> row.rank() == null ? "" : row.rank().categoryName()),
                new Column().header("HTTP").dataAlign(HorizontalAlign.RIGHT)
                        .with(row -> row.httpStatus() == null ? "" : row.httpStatus().toString()),
                new Column().header("Detail").dataAlign(HorizontalAlign.LEFT).maxWidth(DETAIL_WIDTH)
                        .with(row -> row.detail() == null ? "" : row.detail())));
        TextTable.print(out, rows, columns);
        out.flush();
    }

    /** A failed attempt shows its outcome in the rank column, never a number. */
    private static String rankCell(HistoryRows.Row row) {
        if (row.outcome() != Outcome.OK) {
            return row.outcome().name();
        }
        return row.rank() == null ? "-" : RankText.rank(row.rank().rank());
    }

    static RecordOutput<HistoryRows.Row> records(StoredTarget chosen) {
        return new RecordOutput<>(List.of(
                RecordOutput.field("target_key", row -> chosen.key()),
                RecordOutput.field("observed_at", HistoryRows.Row::observedAt),
                RecordOutput.field("run_id", HistoryRows.Row::runId),
                RecordOutput.field("outcome", HistoryRows.Row::outcome),
                RecordOutput.field("marketplace", row -> row.rank() == null ? null : row.rank().marketplace()),
                RecordOutput.field("category_name", row -> row.rank() == null ? null : row.rank().categoryName()),
                RecordOutput.field("node_id", row -> row.rank() == null ? null : row.rank().nodeId()),
                RecordOutput.field("is_main", row -> row.rank() == null ? null : row.rank().main()),
                RecordOutput.field("rank", row -> row.rank() == null ? null : row.rank().rank()),
                RecordOutput.field("change", HistoryRows.Row::change),
                RecordOutput.field("http_status", HistoryRows.Row::httpStatus),
                RecordOutput.field("detail", HistoryRows.Row::detail)));
    }
}
