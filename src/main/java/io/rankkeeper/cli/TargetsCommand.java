package io.rankkeeper.cli;

import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.ColumnData;
import com.github.freva.asciitable.HorizontalAlign;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.store.RankAt;
import io.rankkeeper.store.Store;
import io.rankkeeper.store.StoredTarget;
import io.rankkeeper.store.TargetSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code targets}: every tracked target, active or not, with its newest main rank, how that rank
 * changed, and what happened at its newest attempt. Reads only.
 */
@Command(name = "targets", mixinStandardHelpOptions = true,
        description = "Lists every tracked target (active and inactive) with its newest main rank, the change "
                + "since the previous successful attempt and since 7 days ago, and the outcome of its newest attempt.")
final class TargetsCommand implements Callable<Integer> {

    /** The second comparison: the rank a week ago. */
    static final Duration REFERENCE_AGE = Duration.ofDays(7);
    private static final int LABEL_WIDTH = 36;
    private static final int CATEGORY_WIDTH = 30;

    @Mixin
    ConfigOption config;

    @Option(names = {"-g", "--group"}, paramLabel = "NAME", description = "Only targets of this group.")
    String group;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "table, csv or json (default: table).")
    OutputFormat format;

    @Option(names = "--color", negatable = true,
            description = "Show changes as \u2191 better / \u2193 worse / = in the table (default: on a terminal).")
    Boolean color;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Instant now;
        List<TargetSummary> summaries;
        try (Store store = QueryStore.open(config.database())) {
            // read the clock once the database is open: opening can take seconds beside a busy daemon
            now = Instant.now();
            summaries = store.targetSummaries(now, now.minus(REFERENCE_AGE),
                    target -> group == null || target.group().equals(group));
            if (group != null && summaries.isEmpty()) {
                // the groups are read only to say which there are
                List<String> groups = store.targets().stream().map(StoredTarget::group).distinct().sorted().toList();
                throw new UsageException("no target of group '" + group + "' in the database; groups: "
                        + (groups.isEmpty() ? "none" : String.join(", ", groups)));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.TABLE) {
            printTable(out, summaries, now, RankText.arrows(color));
        } else {
            records().print(format, out, summaries);
        }
        return ExitCodes.OK;
    }

    private static void printTable(PrintWriter out, List<TargetSummary> summaries, Instant now, boolean arrows) {
        if (summaries.isEmpty()) {
            out.println("No targets in the database yet: start the daemon or 'rankkeeper run' once.");
            out.flush();
            return;
        }
        List<ColumnData<TargetSummary>> columns = List.of(
                new Column().header("Target").dataAlign(HorizontalAlign.LEFT).with(summary -> summary.target().key()),
                new Column().header("Label").dataAlign(HorizontalAlign.LEFT).maxWidth(LABEL_WIDTH)
                        .with(summary -> nullToEmpty(summary.target().label())),
                new Column().header("Group").dataAlign(HorizontalAlign.LEFT).with(summary -> summary.target().group()),
                new Column().header("Active").dataAlign(HorizontalAlign.LEFT)
                        .with(summary -> summary.target().active() ? "yes" : "no"),
                new Column().header("Rank").dataAlign(HorizontalAlign.RIGHT).with(summary -> rank(summary, now)),
                new Column().header("Category").dataAlign(HorizontalAlign.LEFT).maxWidth(CATEGORY_WIDTH)
                        .with(summary -> nullToEmpty(summary.mainCategory())),
                new Column().header("vs prev").dataAlign(HorizontalAlign.RIGHT)
                        .with(summary -> RankText.change(summary.changeSincePrevious(), arrows)),
                new Column().header("vs 7d").dataAlign(HorizontalAlign.RIGHT)
                        .with(summary -> RankText.change(summary.changeSinceReference(), arrows)),
                new Column().header("Last outcome").dataAlign(HorizontalAlign.LEFT).with(TargetsCommand::lastOutcome));
        TextTable.print(out, summaries, columns);
        long active = summaries.stream().filter(summary -> summary.target().active()).count();
        out.printf("%d targets (%d active). Changes are in rank numbers: %s.%n", summaries.size(), active,
                arrows ? RankText.BETTER + " better, " + RankText.WORSE + " worse" : "negative is better");
        out.flush();
    }

    /** The newest rank; its age too when the newest attempt did not read it, so a stale rank is not taken for news. */
    private static String rank(TargetSummary summary, Instant now) {
        RankAt latest = summary.latest();
        if (latest == null) {
            return "-";
        }
        String text = RankText.rank(latest.rank());
        if (summary.lastOutcome() != Outcome.OK) {
            text += " (" + RankText.span(Duration.between(latest.observedAt(), now)) + " ago)";
        }
        return text;
    }

    private static String lastOutcome(TargetSummary summary) {
        return summary.lastOutcome() == null ? "never attempted" : summary.lastOutcome().name();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    static RecordOutput<TargetSummary> records() {
        return new RecordOutput<>(List.of(
                RecordOutput.field("target_key", summary -> summary.target().key()),
                RecordOutput.field("target_id", summary -> summary.target().id()),
                RecordOutput.field("label", summary -> summary.target().label()),
                RecordOutput.field("group_name", summary -> summary.target().group()),
                RecordOutput.field("active", summary -> summary.target().active()),
                RecordOutput.field("marketplace", TargetSummary::marketplace),
                RecordOutput.field("category_name", TargetSummary::mainCategory),
                RecordOutput.field("rank", summary -> rankOf(summary.latest())),
                RecordOutput.field("rank_observed_at", summary -> timeOf(summary.latest())),
                RecordOutput.field("previous_rank", summary -> rankOf(summary.previous())),
                RecordOutput.field("change_since_previous", TargetSummary::changeSincePrevious),
                RecordOutput.field("rank_7d_ago", summary -> rankOf(summary.reference())),
                RecordOutput.field("change_since_7d", TargetSummary::changeSinceReference),
                RecordOutput.field("last_outcome", TargetSummary::lastOutcome),
                RecordOutput.field("last_attempt_at", TargetSummary::lastAttemptAt)));
    }

    private static Long rankOf(RankAt rank) {
        return rank == null ? null : rank.rank();
    }

    private static Instant timeOf(RankAt rank) {
        return rank == null ? null : rank.observedAt();
    }
}
