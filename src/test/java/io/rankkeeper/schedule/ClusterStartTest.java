package io.rankkeeper.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.store.DatabaseKind;
import io.rankkeeper.store.FreshDatabase;
import io.rankkeeper.store.Store;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cluster nodes starting at the same moment on a new PostgreSQL schema, each in a thread of
 * its own (Quartz schedulers with the cluster's name, side by side in one JVM): migration,
 * schedule sync and first check-in race, and none may fail or duplicate a job or a fire.
 */
class ClusterStartTest {

    private static final int NODES = 3;
    private static final int SHARDS = 12;
    private static final Duration CHECKIN = Duration.ofSeconds(1);

    private record Node(Store store, RankScheduler scheduler, SyncReport report) {
    }

    @Test
    void nodesStartingAtOnceCreateEachJobOnceAndFireEachSlotOnce() throws Exception {
        try (FreshDatabase database = FreshDatabase.create(DatabaseKind.POSTGRESQL)) {
            List<Fire> fires = new CopyOnWriteArrayList<>();
            List<GroupSchedule> groups = List.of(new GroupSchedule("books", "* * * * * ?", ZoneId.of("UTC"), true, SHARDS));
            CyclicBarrier together = new CyclicBarrier(NODES);
            ExecutorService starters = Executors.newFixedThreadPool(NODES);
            List<Future<Node>> starting = new ArrayList<>();
            for (int index = 0; index < NODES; index++) {
                String nodeId = "node-" + index;
                starting.add(starters.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    Store store = Store.open(database.settings());
                    SchedulerSettings settings = new SchedulerSettings(nodeId, true, true, 4,
                            SchedulerSettings.DEFAULT_MISFIRE_THRESHOLD, CHECKIN);
                    RankScheduler scheduler = RankScheduler.create(store.openSchedulerPool(settings.connections()),
                            settings, fires::add);
                    together.await(30, TimeUnit.SECONDS);
                    SyncReport report = scheduler.sync(groups);
                    scheduler.begin();
                    return new Node(store, scheduler, report);
                }));
            }
            List<Node> nodes = new ArrayList<>();
            try {
                for (Future<Node> node : starting) {
                    nodes.add(node.get(60, TimeUnit.SECONDS));
                }
                Instant started = Instant.now();
                assertThat(nodes.stream().mapToInt(node -> node.report().created()).sum()).isEqualTo(SHARDS);
                assertThat(count(database, "SELECT COUNT(*) FROM QRTZ_JOB_DETAILS")).isEqualTo(SHARDS);
                assertThat(count(database, "SELECT COUNT(*) FROM QRTZ_TRIGGERS")).isEqualTo(SHARDS);

                await(Duration.ofSeconds(30), () -> count(database, "SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE") == NODES
                        && fires.stream().filter(fire -> fire.scheduledAt().isAfter(started.plusSeconds(3))).count()
                                >= 2L * SHARDS);
            } finally {
                nodes.forEach(node -> node.scheduler().shutdown());
                nodes.forEach(node -> node.store().close());
                starters.shutdownNow();
            }
            Set<String> slots = new HashSet<>();
            for (Fire fire : fires) {
                assertThat(slots.add(fire.shard() + "@" + fire.scheduledAt())).as("a second fire of %s", fire).isTrue();
            }
            assertThat(fires).allSatisfy(fire -> assertThat(fire.recovering()).isFalse());
        }
    }

    private static long count(FreshDatabase database, String sql) throws SQLException {
        try (Connection connection = java.sql.DriverManager.getConnection(database.url());
                Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
