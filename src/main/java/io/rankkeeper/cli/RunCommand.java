package io.rankkeeper.cli;

import io.rankkeeper.config.GroupConfig;
import io.rankkeeper.config.RankkeeperConfig;
import io.rankkeeper.model.Target;
import io.rankkeeper.run.Engine;
import io.rankkeeper.run.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: one scrape run now, with a progress display and a summary table. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Fetches every active target now (or only --group / --target), stores every attempt "
                + "and prints a summary.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = {"-g", "--group"}, paramLabel = "NAME", description = "Only this group (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(names = {"-t", "--target"}, paramLabel = "KEY", description = "Only this target key (repeatable).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "AUTO",
            description = "auto (a bar on a terminal, lines otherwise), bar, lines or none. Default: auto.")
    ProgressDisplay.Mode progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RankkeeperConfig loaded = config.load();
        List<Selection> plan = plan(loaded);
        int total = plan.stream().mapToInt(selection -> selection.targets().size()).sum();
        SummaryTable summary = new SummaryTable();
        List<RunResult> results = new ArrayList<>();
        // Ctrl-C or SIGTERM interrupts this thread and nothing else: the engine stores what comes
        // back within the grace period and closes the database, then the summary is printed.
        try (StopSignals guard = StopSignals.interruptOn(spec.commandLine().getErr())) {
            try (Engine engine = Engine.open(loaded, SummaryTable.HEAP_PER_ROW);
                    ProgressDisplay display = ProgressDisplay.create(progress, spec.commandLine().getErr(), total)) {
                engine.syncTargets(loaded.allTargets());
                for (Selection selection : plan) {
                    RunResult result = engine.run(engine.manualRequest(selection.group(), selection.targets()),
                            display.and(summary));
                    results.add(result);
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                }
            }
            summary.print(spec.commandLine().getOut(), results);
            spec.commandLine().getOut().flush();
        }
        boolean interrupted = Thread.interrupted()
                || results.stream().anyMatch(result -> result.status() == io.rankkeeper.model.RunStatus.INTERRUPTED);
        return interrupted ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }

    private List<Selection> plan(RankkeeperConfig loaded) {
        Set<String> groupNames = loaded.groups().stream().map(GroupConfig::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String group : groups) {
            if (!groupNames.contains(group)) {
                throw new UsageException("unknown group '" + group + "'; groups in " + loaded.source() + ": "
                        + String.join(", ", groupNames));
            }
        }
        Set<String> keys = loaded.allTargets().stream().map(Target::key).collect(Collectors.toSet());
        for (String key : targets) {
            if (!keys.contains(key)) {
                throw new UsageException("unknown target '" + key + "' in " + loaded.source()
                        + "; the 'targets' command lists the keys" + similarKeys(key, keys));
            }
        }
        List<Selection> plan = new ArrayList<>();
        for (GroupConfig group : loaded.groups()) {
            if (!groups.isEmpty() && !groups.contains(group.name())) {
                continue;
            }
            List<Target> chosen = group.targets().stream()
                    .filter(target -> targets.isEmpty() || targets.contains(target.key()))
                    .toList();
            if (!chosen.isEmpty()) {
                plan.add(new Selection(group, chosen));
            }
        }
        if (plan.isEmpty()) {
            throw new UsageException("nothing to run: --target and --group select no target together");
        }
        return plan;
    }

    private static String similarKeys(String key, Set<String> keys) {
        String needle = key.toLowerCase(java.util.Locale.ROOT);
        List<String> similar = keys.stream()
                .filter(candidate -> candidate.toLowerCase(java.util.Locale.ROOT).contains(needle)
                        || needle.contains(candidate.toLowerCase(java.util.Locale.ROOT)))
                .sorted().limit(5).toList();
        return similar.isEmpty() ? "" : "; did you mean " + String.join(" or ", similar) + "?";
    }

    private record Selection(GroupConfig group, List<Target> targets) {
    }
}
