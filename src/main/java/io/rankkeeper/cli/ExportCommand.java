package io.rankkeeper.cli;

import io.rankkeeper.config.DatabaseConfig;
import io.rankkeeper.export.CsvOutput;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.store.HistoryFilter;
import io.rankkeeper.store.HistoryRow;
import io.rankkeeper.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export}: the history in long format as CSV, streamed from the database to a file or
 * stdout, so memory does not grow with the history. A file appears under its name only when it
 * is complete.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the rank history as CSV in long format: one row per attempt and category; an attempt"
                + " that read no rank (blocked, error, ...) is one row with an empty rank.",
            "Columns: " + ExportCommand.HEADER_TEXT + "."},
        footer = {"", "Examples:",
            "  rankkeeper export --out ranks.csv",
            "  rankkeeper export --since 30d --outcome ok --group books --out books.csv.gz",
            "  rankkeeper export --target amazon.com/0132269937 --since 2026-11-01 | head"})
final class ExportCommand implements Callable<Integer> {

    static final List<String> HEADER = List.of("target_key", "label", "group", "url", "observed_at", "run_id",
            "outcome", "category", "category_node_id", "marketplace", "rank", "is_main", "http_status");
    static final String HEADER_TEXT = "target_key, label, group, url, observed_at (ISO-8601 UTC), run_id, outcome,"
            + " category, category_node_id, marketplace, rank, is_main, http_status";

    @Mixin
    ConfigOption config;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write to FILE (gzip when it ends in .gz) instead of stdout.")
    Path out;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only attempts at or after WHEN: 30d, 12h, 2026-11-01 (UTC day) or 2026-11-01T10:00:00Z.")
    String since;

    @Option(names = "--until", paramLabel = "WHEN",
            description = "Only attempts before WHEN (a UTC day is included whole); forms as for --since.")
    String until;

    @Option(names = {"-t", "--target"}, paramLabel = "KEY", description = "Only this target key (repeatable).")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-g", "--group"}, paramLabel = "NAME", description = "Only this group (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--outcome", paramLabel = "NAME",
            description = "Only attempts with this outcome (repeatable): ${COMPLETION-CANDIDATES}. "
                    + "--outcome ok leaves out failed attempts.")
    List<Outcome> outcomes = new ArrayList<>();

    @Option(names = "--progress", description = "Print progress on stderr every few seconds (default: on a terminal).")
    boolean progress;

    @Spec
    CommandSpec spec;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        DatabaseConfig database = config.database();
        HistoryFilter filter = filter();
        PrintWriter err = spec.commandLine().getErr();
        try (Store store = SqlCommand.open(database)) {
            checkNames(store);
            ExportProgress shown = new ExportProgress(err, progress || System.console() != null);
            long rows;
            try (CsvOutput output = out != null ? CsvOutput.toFile(out, HEADER)
                    : CsvOutput.toWriter(spec.commandLine().getOut(), HEADER)) {
                RowTexts texts = new RowTexts();
                store.exportHistory(filter, row -> {
                    output.row(texts.of(row));
                    shown.rowWritten(output.rows());
                });
                output.commit();
                rows = output.rows();
            }
            PrintWriter report = out != null ? spec.commandLine().getOut() : err;
            report.println("Exported " + shown.summary(rows) + (out != null ? " to " + out : ""));
            report.flush();
        }
        return ExitCodes.OK;
    }

    private HistoryFilter filter() {
        Instant from = since == null ? null : TimeArgument.parse("--since", since, clock.instant(), false);
        Instant to = until == null ? null : TimeArgument.parse("--until", until, clock.instant(), true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new UsageException("--since (" + from + ") must be before --until (" + to + ")");
        }
        Set<Outcome> wanted = outcomes.isEmpty() ? Set.of() : EnumSet.copyOf(outcomes);
        return new HistoryFilter(from, to, targets, groups, wanted);
    }

    private void checkNames(Store store) {
        if (!groups.isEmpty()) {
            List<String> known = store.storedGroups();
            for (String group : groups) {
                if (!known.contains(group)) {
                    throw new UsageException("unknown group '" + group + "'; groups in the database: "
                            + (known.isEmpty() ? "none yet" : String.join(", ", known)));
                }
            }
        }
        if (!targets.isEmpty()) {
            List<String> known = store.storedTargetKeys();
            for (String key : targets) {
                if (!known.contains(key)) {
                    throw new UsageException("unknown target '" + key + "': it is not in the database"
                            + similar(key, known) + " (the 'targets' command lists the keys)");
                }
            }
        }
    }

    private static String similar(String key, List<String> known) {
        String needle = key.toLowerCase(Locale.ROOT);
        List<String> close = known.stream()
                .filter(candidate -> candidate.toLowerCase(Locale.ROOT).contains(needle)
                        || needle.contains(candidate.toLowerCase(Locale.ROOT)))
                .limit(5).toList();
        return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
    }

    /**
     * One row's CSV fields in {@link #HEADER} order, null for an empty field, without boxing: the ranks of one
     * observation follow each other, so its time is formatted once. Not thread-safe.
     */
    static final class RowTexts {

        private final String[] fields = new String[HEADER.size()];
        private Instant lastInstant;
        private String lastInstantText;
        private long lastRunId = -1;
        private String lastRunIdText;

        String[] of(HistoryRow row) {
            if (!row.observedAt().equals(lastInstant)) {
                lastInstant = row.observedAt();
                lastInstantText = QueryValues.instant(lastInstant);
            }
            if (row.runId() != lastRunId) {
                lastRunId = row.runId();
                lastRunIdText = Long.toString(lastRunId);
            }
            fields[0] = row.targetKey();
            fields[1] = row.label();
            fields[2] = row.group();
            fields[3] = row.url();
            fields[4] = lastInstantText;
            fields[5] = lastRunIdText;
            fields[6] = row.outcome().name();
            fields[7] = row.category();
            fields[8] = row.categoryNodeId();
            fields[9] = row.marketplace();
            fields[10] = row.rank() == null ? null : Long.toString(row.rank());
            fields[11] = row.main() == null ? null : row.main() ? "true" : "false";
            fields[12] = row.httpStatus() == null ? null : Integer.toString(row.httpStatus());
            return fields;
        }
    }
}
