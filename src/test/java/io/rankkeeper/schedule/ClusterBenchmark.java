package io.rankkeeper.schedule;

import io.rankkeeper.store.DatabaseKind;
import io.rankkeeper.store.FreshDatabase;
import io.rankkeeper.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Not a unit test: how Quartz's clustered trigger acquisition scales with the number of nodes.
 * N nodes (schedulers of the cluster's name in this JVM, each with its own pool) share one group
 * of S shards firing every second on a fresh PostgreSQL schema; the jobs do nothing, so the
 * figure is the scheduling itself: fires per second, how late they start, slots missed.
 * {@code java ... io.rankkeeper.schedule.ClusterBenchmark [shards] [seconds] [threads] [nodes...]}
 * (defaults: 200, 20, 10, 1 2 4). Needs RANKKEEPER_TEST_JDBC_URL (or Docker).
 */
public final class ClusterBenchmark {

    private record Started(Fire fire, Instant at) {
    }

    private record Node(Store store, RankScheduler scheduler) {
    }

    public static void main(String[] args) throws Exception {
        int shards = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<Integer> nodeCounts = new ArrayList<>();
        for (int index = 3; index < args.length; index++) {
            nodeCounts.add(Integer.parseInt(args[index]));
        }
        if (nodeCounts.isEmpty()) {
            nodeCounts = List.of(1, 2, 4);
        }
        System.out.printf(Locale.ROOT, "%d shards every second (%d fires/s wanted), %d threads per node, %d s measured%n",
                shards, shards, threads, seconds);
        System.out.println("nodes | fires/s | start lag p50 | p95 | max | slots missed | CPUs, load average");
        for (int nodes : nodeCounts) {
            measure(nodes, shards, seconds, threads);
        }
    }

    private static void measure(int nodeCount, int shards, int seconds, int threads) throws Exception {
        try (FreshDatabase database = FreshDatabase.create(DatabaseKind.POSTGRESQL)) {
            List<Started> started = new CopyOnWriteArrayList<>();
            List<Node> nodes = new ArrayList<>();
            List<GroupSchedule> groups = List.of(new GroupSchedule("bench", "* * * * * ?", ZoneId.of("UTC"), false, shards));
            try {
                for (int index = 0; index < nodeCount; index++) {
                    Store store = Store.open(database.settings());
                    SchedulerSettings settings = new SchedulerSettings("bench-" + index, true, true, threads,
                            SchedulerSettings.DEFAULT_MISFIRE_THRESHOLD, Duration.ofSeconds(5));
                    RankScheduler scheduler = RankScheduler.create(store.openSchedulerPool(settings.connections()),
                            settings, fire -> started.add(new Started(fire, Instant.now())));
                    scheduler.sync(groups);
                    nodes.add(new Node(store, scheduler));
                }
                nodes.forEach(node -> node.scheduler().begin());
                Thread.sleep(5_000); // warm-up: connections, JIT, the first acquisitions
                Instant from = Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                Instant to = from.plusSeconds(seconds);
                Thread.sleep(Duration.between(Instant.now(), to).toMillis() + 5_000);
                report(nodeCount, shards, seconds, started, from, to);
            } finally {
                nodes.forEach(node -> node.scheduler().shutdown());
                nodes.forEach(node -> node.store().close());
            }
        }
    }

    private static void report(int nodes, int shards, int seconds, List<Started> started, Instant from, Instant to) {
        List<Long> lags = new ArrayList<>();
        Set<String> slots = new HashSet<>();
        for (Started start : started) {
            Instant slot = start.fire().scheduledAt();
            if (!slot.isBefore(from) && slot.isBefore(to)) {
                lags.add(Duration.between(slot, start.at()).toMillis());
                slots.add(start.fire().shard() + "@" + slot);
            }
        }
        Collections.sort(lags);
        long missed = (long) shards * seconds - slots.size();
        System.out.printf(Locale.ROOT, "%5d | %7.1f | %10d ms | %d ms | %d ms | %d of %d | %d, %s%n", nodes,
                lags.size() / (double) seconds, percentile(lags, 50), percentile(lags, 95),
                lags.isEmpty() ? 0 : lags.get(lags.size() - 1), missed, (long) shards * seconds,
                Runtime.getRuntime().availableProcessors(), loadAverage());
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
