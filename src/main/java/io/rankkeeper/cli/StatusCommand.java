package io.rankkeeper.cli;

import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.ColumnData;
import com.github.freva.asciitable.HorizontalAlign;
import io.rankkeeper.config.GroupConfig;
import io.rankkeeper.config.RankkeeperConfig;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.schedule.NextFire;
import io.rankkeeper.store.ClusterNode;
import io.rankkeeper.store.RunSummary;
import io.rankkeeper.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code status}: per group its last run, next fire and catch-up policy; in a cluster the nodes
 * and which node ran what; hosts in backoff; runs interrupted or suspect lately. Reads only,
 * works beside the running daemon.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows per group the last run, the next fire time and the catch-up policy, in a cluster "
                + "the nodes (alive or stale) and which node ran each run, the hosts in backoff, and the runs "
                + "interrupted or suspect in the last 24 hours.")
final class StatusCommand implements Callable<Integer> {

    /** How far back interrupted and suspect runs are listed. */
    static final Duration TROUBLE_WINDOW = Duration.ofHours(24);
    /** How far back each cluster node's runs are counted. */
    static final Duration NODE_RUNS_WINDOW = Duration.ofHours(1);
    private static final int DETAIL_WIDTH = 60;

    /** status prints a table or JSON (a CSV of nested data would not help anyone). */
    enum Format {
        TABLE,
        JSON
    }

    @Mixin
    ConfigOption config;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "table or json (default: table).")
    Format format;

    @Spec
    CommandSpec spec;

    /** One group, from the config, the database or both. */
    record GroupStatus(String name, boolean inConfig, String schedule, String timeZone, String catchUp, int shards,
            Instant nextFire, List<RunSummary> lastRuns) {
    }

    /** Everything status shows. */
    record Snapshot(Instant now, Daemon daemon, List<GroupStatus> groups, Map<String, Instant> hostBackoffs,
            List<RunSummary> troubledRuns, List<ClusterNode> nodes) {

        boolean clustered() {
            return daemon == Daemon.CLUSTERED;
        }
    }

    /** Whether a daemon is running on this database, as far as can be told without disturbing it. */
    enum Daemon {
        RUNNING("running"),
        NOT_RUNNING("not running: nothing fires until it is started (the next fire times are the schedule's)"),
        CLUSTERED("clustered: each node runs its own daemon; the next fire times are the cluster's schedule"),
        UNKNOWN("unknown (the database does not say)");

        final String text;

        Daemon(String text) {
            this.text = text;
        }
    }

    @Override
    public Integer call() {
        RankkeeperConfig loaded = config.loadWithoutTargets();
        Snapshot snapshot;
        try (Store store = QueryStore.open(loaded.database())) {
            // read the clock once the database is open: opening can take seconds beside a busy daemon
            Instant now = Instant.now();
            Daemon daemon = daemon(loaded, store);
            snapshot = new Snapshot(now, daemon, groups(loaded, store.lastRuns(), now),
                    store.hostBackoffs(), store.troubledRunsSince(now.minus(TROUBLE_WINDOW)),
                    daemon == Daemon.CLUSTERED ? store.clusterNodes(now.minus(NODE_RUNS_WINDOW)) : List.of());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            StatusJson.print(out, snapshot);
        } else {
            printTable(out, snapshot);
        }
        return ExitCodes.OK;
    }

    private static Daemon daemon(RankkeeperConfig loaded, Store store) {
        if (loaded.cluster().enabled()) {
            return Daemon.CLUSTERED;
        }
        Boolean held = store.daemonLockHeld();
        return held == null ? Daemon.UNKNOWN : held ? Daemon.RUNNING : Daemon.NOT_RUNNING;
    }

    static List<GroupStatus> groups(RankkeeperConfig loaded, List<RunSummary> lastRuns, Instant now) {
        List<GroupStatus> groups = new ArrayList<>();
        for (GroupConfig group : loaded.groups()) {
            groups.add(new GroupStatus(group.name(), true, group.schedule(), group.timeZone().getId(),
                    group.catchUp().name(), group.shards(), NextFire.after(group.schedule(), group.timeZone(), now),
                    runsOf(lastRuns, group.name())));
        }
        Set<String> onlyInDatabase = new LinkedHashSet<>();
        lastRuns.stream().map(RunSummary::groupName).filter(name -> loaded.group(name) == null)
                .forEach(onlyInDatabase::add);
        for (String name : onlyInDatabase) {
            groups.add(new GroupStatus(name, false, null, null, null, 0, null, runsOf(lastRuns, name)));
        }
        return groups;
    }

    private static List<RunSummary> runsOf(List<RunSummary> lastRuns, String group) {
        return lastRuns.stream().filter(run -> run.groupName().equals(group)).toList();
    }

    private static void printTable(PrintWriter out, Snapshot snapshot) {
        List<GroupRow> rows = new ArrayList<>();
        for (GroupStatus group : snapshot.groups()) {
            if (group.lastRuns().isEmpty()) {
                rows.add(new GroupRow(group, null));
            }
            group.lastRuns().forEach(run -> rows.add(new GroupRow(group, run)));
        }
        Instant now = snapshot.now();
        List<ColumnData<GroupRow>> columns = new ArrayList<>(List.of(
                new Column().header("Group").dataAlign(HorizontalAlign.LEFT).with(GroupRow::groupCell),
                new Column().header("Schedule").dataAlign(HorizontalAlign.LEFT).with(GroupRow::scheduleCell),
                new Column().header("Next fire (UTC)").dataAlign(HorizontalAlign.LEFT)
                        .with(row -> row.nextFireCell(now)),
                new Column().header("Catch-up").dataAlign(HorizontalAlign.LEFT).with(GroupRow::catchUpCell),
                new Column().header("Last run").dataAlign(HorizontalAlign.RIGHT).with(GroupRow::runCell),
                new Column().header("Reason").dataAlign(HorizontalAlign.LEFT)
                        .with(row -> row.run() == null ? "" : lower(row.run().reason().name())),
                new Column().header("Status").dataAlign(HorizontalAlign.LEFT)
                        .with(row -> row.run() == null ? "" : lower(row.run().status().name())),
                new Column().header("Started (UTC)").dataAlign(HorizontalAlign.LEFT)
                        .with(row -> row.run() == null ? "" : RankText.instant(row.run().startedAt())),
                new Column().header("Took").dataAlign(HorizontalAlign.RIGHT).with(row -> tookCell(row.run(), now)),
                new Column().header("Outcomes").dataAlign(HorizontalAlign.LEFT)
                        .with(row -> row.run() == null ? "" : outcomes(row.run()))));
        if (snapshot.clustered()) {
            columns.add(5, new Column().header("Node").dataAlign(HorizontalAlign.LEFT)
                    .with(row -> row.run() == null ? "" : row.run().node()));
        }
        out.println("Daemon: " + snapshot.daemon().text);
        out.println();
        if (snapshot.clustered()) {
            printNodes(out, snapshot);
        }
        out.println("Groups");
        TextTable.print(out, rows, columns);
        out.println();
        if (snapshot.hostBackoffs().isEmpty()) {
            out.println("Hosts in backoff: none");
        } else {
            out.println("Hosts in backoff");
            TextTable.print(out,
                    List.copyOf(snapshot.hostBackoffs().entrySet()), List.of(
                            new Column().header("Host").dataAlign(HorizontalAlign.LEFT).with(Map.Entry::getKey),
                            new Column().header("Until (UTC)").dataAlign(HorizontalAlign.LEFT)
                                    .with(entry -> RankText.instant(entry.getValue())),
                            new Column().header("Left").dataAlign(HorizontalAlign.RIGHT)
                                    .with(entry -> RankText.span(Duration.between(now, entry.getValue())))));
        }
        out.println();
        if (snapshot.troubledRuns().isEmpty()) {
            out.println("Interrupted or suspect runs in the last 24 h: none");
        } else {
            out.println("Interrupted or suspect runs in the last 24 h");
            TextTable.print(out, snapshot.troubledRuns(),
                    List.of(new Column().header("Run").dataAlign(HorizontalAlign.RIGHT)
                                    .with(run -> Long.toString(run.id())),
                            new Column().header("Group").dataAlign(HorizontalAlign.LEFT)
                                    .with(StatusCommand::groupAndShard),
                            new Column().header("Status").dataAlign(HorizontalAlign.LEFT)
                                    .with(run -> lower(run.status().name())),
                            new Column().header("Started (UTC)").dataAlign(HorizontalAlign.LEFT)
                                    .with(run -> RankText.instant(run.startedAt())),
                            new Column().header("Outcomes").dataAlign(HorizontalAlign.LEFT)
                                    .with(StatusCommand::outcomes),
                            new Column().header("Detail").dataAlign(HorizontalAlign.LEFT).maxWidth(DETAIL_WIDTH)
                                    .with(run -> run.detail() == null ? "" : run.detail())));
        }
        out.flush();
    }

    private static void printNodes(PrintWriter out, Snapshot snapshot) {
        Instant now = snapshot.now();
        if (snapshot.nodes().isEmpty()) {
            out.println("Cluster nodes: none has checked in (no node is running, or none has started yet)");
        } else {
            out.println("Cluster nodes (Quartz scheduler state)");
            TextTable.print(out, snapshot.nodes(), List.of(
                    new Column().header("Node").dataAlign(HorizontalAlign.LEFT).with(ClusterNode::nodeId),
                    new Column().header("Last check-in (UTC)").dataAlign(HorizontalAlign.LEFT)
                            .with(node -> RankText.instant(node.lastCheckin()) + " ("
                                    + RankText.span(Duration.between(node.lastCheckin(), now)) + " ago)"),
                    new Column().header("Every").dataAlign(HorizontalAlign.RIGHT)
                            .with(node -> RankText.span(node.checkinInterval())),
                    new Column().header("State").dataAlign(HorizontalAlign.LEFT).with(node -> nodeState(node, now)),
                    new Column().header("Runs (1 h)").dataAlign(HorizontalAlign.RIGHT)
                            .with(node -> Integer.toString(node.recentRuns()))));
        }
        out.println();
    }

    /** Alive, or stale: what the other nodes make of a node that stopped checking in. */
    static String nodeState(ClusterNode node, Instant now) {
        if (node.aliveAt(now)) {
            return "alive";
        }
        return "stale: silent longer than its check-in interval + 7.5 s; the others recover its runs";
    }

    private static String groupAndShard(RunSummary run) {
        return run.shard() == 0 ? run.groupName() : run.groupName() + " shard " + run.shard();
    }

    /** "9 of 10: OK 8, BLOCKED 1": attempts stored of the targets planned, then the non-zero counts. */
    static String outcomes(RunSummary run) {
        StringBuilder text = new StringBuilder().append(run.attempted()).append(" of ").append(run.targetCount());
        String separator = ": ";
        for (Outcome outcome : Outcome.values()) {
            int count = run.counts().getOrDefault(outcome, 0);
            if (count > 0) {
                text.append(separator).append(outcome.name()).append(' ').append(count);
                separator = ", ";
            }
        }
        return text.toString();
    }

    private static String tookCell(RunSummary run, Instant now) {
        if (run == null) {
            return "";
        }
        if (run.endedAt() != null) {
            return RankText.span(Duration.between(run.startedAt(), run.endedAt()));
        }
        return switch (run.status()) {
            case RUNNING -> "running " + RankText.span(Duration.between(run.startedAt(), now));
            default -> "-";
        };
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** One table row: a group, with one of its shards' last runs (or none). */
    private record GroupRow(GroupStatus group, RunSummary run) {

        String groupCell() {
            String name = run == null || group.shards() <= 1 ? group.name() : group.name() + " shard " + run.shard();
            return group.inConfig() ? name : name + " (not in config)";
        }

        String scheduleCell() {
            return group.inConfig() ? group.schedule() + " " + group.timeZone() : "";
        }

        String nextFireCell(Instant now) {
            if (!group.inConfig()) {
                return "";
            }
            if (group.nextFire() == null) {
                return "never";
            }
            return RankText.instant(group.nextFire()) + " (in " + RankText.span(Duration.between(now, group.nextFire()))
                    + ")";
        }

        String catchUpCell() {
            if (!group.inConfig()) {
                return "";
            }
            return "ONCE".equals(group.catchUp()) ? "run once" : "skip";
        }

        String runCell() {
            return run == null ? "never" : Long.toString(run.id());
        }
    }
}
