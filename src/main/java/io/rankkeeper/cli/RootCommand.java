package io.rankkeeper.cli;

import picocli.CommandLine.Command;

/** {@code rankkeeper}: the command tree. */
@Command(
        name = "rankkeeper",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Tracks the rank of items on web pages over time and keeps every attempt in SQL.",
        subcommands = {RunCommand.class, DaemonCommand.class, DemoCommand.class, StatusCommand.class,
            TargetsCommand.class, HistoryCommand.class, SqlCommand.class, ExportCommand.class, CompactCommand.class,
            BenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done (a run that completed, even with failed targets)",
            "1:unexpected failure",
            "2:bad arguments or bad config",
            "3:database unusable",
            "130:interrupted"})
final class RootCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
