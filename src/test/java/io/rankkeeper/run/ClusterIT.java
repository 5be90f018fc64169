package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.run.HistoryDatabase.RunRow;
import io.rankkeeper.store.DatabaseKind;
import io.rankkeeper.store.FreshDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code rankkeeper daemon} processes as one cluster on a fresh PostgreSQL schema, a group of
 * 8 shards every 3 seconds over a loopback shop: each (shard, fire time) runs once and both nodes
 * work; {@code kill -9} of a node mid-run moves its runs to the other within the check-in window
 * without a duplicated observation; a node restarted under its id frees its own leftovers at once.
 * Skipped with a message when there is no PostgreSQL (see store.TestPostgres).
 */
class ClusterIT {

    private static final String EVERY_THREE_SECONDS = "*/3 * * * * ?";
    private static final Duration PERIOD = Duration.ofSeconds(3);
    private static final int SHARDS = 8;
    private static final int TARGETS_PER_SHARD = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(45);
    /** Node A's check-in interval while the other node is to notice its death quickly. */
    private static final Duration FAST_CHECKIN = Duration.ofSeconds(1);
    /** Node A's check-in interval when its own restart, not the other node, must free its work. */
    private static final Duration SLOW_CHECKIN = Duration.ofSeconds(40);
    private static final Duration QUARTZ_GRACE = Duration.ofMillis(7_500);

    @TempDir
    Path dir;

    private FreshDatabase database;
    private TestShop shop;
    private HistoryDatabase db;
    private String secret;
    /** Target keys by shard; the first of each shard is the one held to catch a run mid-way. */
    private final Map<Integer, List<String>> shardTargets = new LinkedHashMap<>();

    @BeforeEach
    void openDatabaseAndShop() throws Exception {
        database = FreshDatabase.create(DatabaseKind.POSTGRESQL);
        shop = new TestShop();
        // The config's password: a server with trust authentication ignores it, and a password in
        // the URL (as CI's) takes precedence over it in the driver; it is there to prove it is
        // never printed.
        secret = "rk-secret-" + UUID.randomUUID().toString().substring(0, 8);
        db = HistoryDatabase.postgres(database.url());
        for (int index = 0; shardTargets.values().stream().mapToInt(List::size).sum() < SHARDS * TARGETS_PER_SHARD; index++) {
            String key = "shop/B%08d".formatted(index);
            List<String> keys = shardTargets.computeIfAbsent(Shards.shardOf(key, SHARDS), shard -> new ArrayList<>());
            if (keys.size() < TARGETS_PER_SHARD) {
                keys.add(key);
            }
        }
    }

    @AfterEach
    void closeAndKeepLogs(TestInfo test) throws Exception {
        if (database == null) {
            return; // skipped: no PostgreSQL here
        }
        shop.close();
        Path logs = Path.of("target", "it-logs", getClass().getSimpleName(), test.getTestMethod().orElseThrow().getName());
        Files.createDirectories(logs);
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(path -> path.toString().matches(".*\\.(out|err|yml)$")).toList()) {
                Files.copy(file, logs.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        database.close();
    }

    @Test
    void eachShardFiresOnceAcrossTheNodesAndADeadNodesRunsMoveWithoutDuplicates() throws Exception {
        Path configA = writeConfig("node-a", FAST_CHECKIN);
        Path configB = writeConfig("node-b", FAST_CHECKIN);
        List<CliProcess> all = new ArrayList<>();
        try {
            // Both at once on a new schema: migration, sync and first check-in race.
            CliProcess nodeA = track(all, CliProcess.start(dir, "node-a", "daemon", "--config", configA.toString()));
            CliProcess nodeB = track(all, CliProcess.start(dir, "node-b", "daemon", "--config", configB.toString()));
            nodeA.awaitOutput("rankkeeper daemon running", START_TIMEOUT);
            nodeB.awaitOutput("rankkeeper daemon running", START_TIMEOUT);
            Instant bothUp = Instant.now();
            assertThat(db.count("select count(*) from QRTZ_TRIGGERS")).isEqualTo(SHARDS);

            // 1. Every slot's eight shards run exactly once, spread over both nodes. Counted from
            // the first slot that both nodes served in full: on a loaded machine, the slots of a
            // JVM's first seconds can be late enough to be misfires, which catch up once instead.
            Instant settled = await("a slot with all shards run since both nodes are up", Duration.ofSeconds(30),
                    () -> fullSlotsSince(bothUp).stream().findFirst().orElse(null));
            Instant firstSlot = settled.plus(PERIOD);
            Instant lastSlot = firstSlot.plus(PERIOD.multipliedBy(7));
            await("eight slots of all shards completed", Duration.ofSeconds(60), () ->
                    scheduled().stream().filter(run -> !run.scheduledAt().isAfter(lastSlot)
                            && !run.scheduledAt().isBefore(firstSlot) && run.status().equals("COMPLETED")).count()
                            == 8L * SHARDS, () -> db.runs().stream().filter(run -> !run.scheduledAt().isBefore(firstSlot))
                            .toList().toString());
            List<RunRow> window = scheduled().stream().filter(run -> !run.scheduledAt().isBefore(firstSlot)
                    && !run.scheduledAt().isAfter(lastSlot)).toList();
            assertThat(window).hasSize(8 * SHARDS);
            for (Instant slot = firstSlot; !slot.isAfter(lastSlot); slot = slot.plus(PERIOD)) {
                Instant at = slot;
                assertThat(window.stream().filter(run -> run.scheduledAt().equals(at)).map(RunRow::shard).sorted().toList())
                        .as("shards run at %s", at).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
            }
            assertThat(window.stream().map(RunRow::node).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("node-a", "node-b");
            for (RunRow run : window) {
                assertThat(db.targetsObserved(run.id())).as("%s", run).containsExactlyElementsOf(shardTargets.get(run.shard()));
            }
            assertNoSlotRunTwice();

            // 2. kill -9 of node A in the middle of runs: node B runs them again, within A's
            // check-in interval + Quartz's 7.5 s grace, storing only what A had not stored.
            holdFirstTargetOfEachShard();
            List<RunRow> deadRuns = await("node A in the middle of a run", Duration.ofSeconds(20), () -> {
                List<RunRow> midway = midwayRuns("node-a");
                return midway.isEmpty() ? null : midway;
            });
            nodeA.kill();
            Instant killed = Instant.now();
            deadRuns = runsOf("node-a").stream().filter(run -> run.status().equals("RUNNING")).toList();
            releaseHolds();
            assertThat(deadRuns).isNotEmpty();
            List<RunRow> deadAll = deadRuns;
            for (RunRow dead : deadRuns) {
                RunRow again = await("node B running " + dead + " again", Duration.ofSeconds(40),
                        () -> rerunOf(dead));
                assertThat(again.node()).isEqualTo("node-b");
                assertThat(again.startedAt()).as("takeover of %s", dead)
                        .isBefore(killed.plus(FAST_CHECKIN).plus(QUARTZ_GRACE).plusSeconds(8));
                assertRerunCompletesWithoutRepeating(dead, again);
            }
            // the shards that missed slots while blocked catch up once, then all run on their slots on B
            Instant takenOver = Instant.now();
            Instant slotOnB = await("a slot after the takeover with all shards run", Duration.ofSeconds(30),
                    () -> fullSlotsSince(takenOver).stream().findFirst().orElse(null),
                    () -> db.runs().stream().filter(run -> run.id() > deadAll.get(0).id()).toList().toString());
            assertThat(scheduled().stream().filter(run -> run.scheduledAt().equals(slotOnB)).map(RunRow::node))
                    .containsOnly("node-b");

            // 3. Node A back under its id with a slow check-in, killed mid-run and restarted at
            // once: its own first check-in frees what it held; node B alone would wait for
            // A's 40 s check-in interval + 7.5 s.
            Path slowA = writeConfig("node-a", SLOW_CHECKIN);
            CliProcess nodeA2 = track(all, CliProcess.start(dir, "node-a2", "daemon", "--config", slowA.toString()));
            nodeA2.awaitOutput("rankkeeper daemon running", START_TIMEOUT);
            Instant a2Up = Instant.now();
            await("a run of node A after its restart", Duration.ofSeconds(30), () -> runsOf("node-a").stream()
                    .anyMatch(run -> run.startedAt().isAfter(a2Up) && run.status().equals("COMPLETED")));
            holdFirstTargetOfEachShard();
            await("node A in the middle of a run again", Duration.ofSeconds(20), () -> !midwayRuns("node-a").isEmpty());
            nodeA2.kill();
            Instant killedAgain = Instant.now();
            List<RunRow> deadAgain = runsOf("node-a").stream().filter(run -> run.status().equals("RUNNING")).toList();
            releaseHolds();
            CliProcess nodeA3 = track(all, CliProcess.start(dir, "node-a3", "daemon", "--config", slowA.toString()));
            nodeA3.awaitOutput("rankkeeper daemon running", START_TIMEOUT);
            for (RunRow dead : deadAgain) {
                RunRow again = await("a rerun of " + dead + " after node A's restart", Duration.ofSeconds(30),
                        () -> rerunOf(dead));
                assertThat(again.startedAt()).as("rerun of %s", dead).isBefore(killedAgain.plus(Duration.ofSeconds(30)));
                assertRerunCompletesWithoutRepeating(dead, again);
            }
            assertNoSlotRunTwice();
            assertThat(db.count("select count(*) from QRTZ_TRIGGERS")).isEqualTo(SHARDS);

            // status shows both nodes alive and which node ran what; never the password
            try (CliProcess status = CliProcess.start(dir, "status", "status", "--config", configB.toString())) {
                assertThat(status.awaitExit(START_TIMEOUT)).as(status.stderr()).isZero();
                assertThat(status.stdout()).contains("Daemon: clustered", "Cluster nodes (Quartz scheduler state)",
                        "| Node ").containsPattern("node-a +\\|.*\\| alive").containsPattern("node-b +\\|.*\\| alive");
                assertThat(status.stdout()).contains("| node-a ").contains("| node-b ");
            }
            nodeB.stop();
            nodeA3.stop();
            assertThat(nodeB.awaitExit(Duration.ofSeconds(30))).as(nodeB.stderr()).isZero();
            assertThat(nodeA3.awaitExit(Duration.ofSeconds(30))).as(nodeA3.stderr()).isZero();
        } finally {
            for (CliProcess process : all) {
                process.close();
            }
        }
        List<String> outputs = new ArrayList<>();
        for (CliProcess process : all) {
            outputs.add(process.stdout() + process.stderr());
        }
        outputs.add(Files.readString(dir.resolve("status.out")) + Files.readString(dir.resolve("status.err")));
        for (String output : outputs) {
            assertThat(output).doesNotContain(secret);
            if (urlPassword() != null) {
                assertThat(output).doesNotContain("password=" + urlPassword());
            }
        }
        assertThat(db.count("""
                select count(*) from (select target_id, scheduled_at from observation
                group by target_id, scheduled_at having count(*) > 1) twice""")).isZero();
    }

    private static CliProcess track(List<CliProcess> all, CliProcess process) {
        all.add(process);
        return process;
    }

    private void holdFirstTargetOfEachShard() {
        shardTargets.values().forEach(keys -> shop.hold(asin(keys.get(0))));
    }

    private void releaseHolds() {
        shardTargets.values().forEach(keys -> shop.release(asin(keys.get(0))));
    }

    /** Runs of {@code node} still running with all but the held first target stored. */
    private List<RunRow> midwayRuns(String node) throws SQLException {
        List<RunRow> midway = new ArrayList<>();
        for (RunRow run : runsOf(node)) {
            if (run.status().equals("RUNNING")) {
                List<String> expected = shardTargets.get(run.shard());
                if (db.targetsObserved(run.id()).equals(new ArrayList<>(new TreeSet<>(expected.subList(1, expected.size()))))) {
                    midway.add(run);
                }
            }
        }
        return midway;
    }

    /** The run of the same shard and fire time that replaced {@code dead}, once it completed. */
    private RunRow rerunOf(RunRow dead) throws SQLException {
        return db.runs("books").stream().filter(run -> run.id() > dead.id() && run.shard() == dead.shard()
                && run.scheduledAt().equals(dead.scheduledAt()) && !run.status().equals("RUNNING"))
                .findFirst().orElse(null);
    }

    /** The rerun stores exactly what the dead run had not; the dead run ends up interrupted. */
    private void assertRerunCompletesWithoutRepeating(RunRow dead, RunRow again) throws Exception {
        assertThat(again.status()).isEqualTo("COMPLETED");
        assertThat(again.reason()).isEqualTo(dead.reason());
        List<String> storedByDead = db.targetsObserved(dead.id());
        List<String> storedAgain = db.targetsObserved(again.id());
        assertThat(storedAgain).noneMatch(storedByDead::contains);
        Set<String> together = new HashSet<>(storedByDead);
        together.addAll(storedAgain);
        assertThat(together).containsExactlyInAnyOrderElementsOf(shardTargets.get(dead.shard()));
        RunRow marked = await("the dead run marked interrupted", Duration.ofSeconds(20), () -> db.runs().stream()
                .filter(run -> run.id() == dead.id() && run.status().equals("INTERRUPTED")).findFirst().orElse(null));
        assertThat(marked.node()).isEqualTo("node-a");
    }

    private void assertNoSlotRunTwice() throws SQLException {
        Set<String> seen = new HashSet<>();
        for (RunRow run : scheduled()) {
            if (run.status().equals("INTERRUPTED")) {
                continue; // a dead node's run; its rerun has the same slot
            }
            assertThat(seen.add(run.shard() + "@" + run.scheduledAt())).as("a second run of %s", run).isTrue();
        }
    }

    /** Slots after {@code since} whose every shard ran on schedule and completed, oldest first. */
    private List<Instant> fullSlotsSince(Instant since) throws SQLException {
        Map<Instant, Long> perSlot = scheduled().stream()
                .filter(run -> run.scheduledAt().isAfter(since) && run.status().equals("COMPLETED"))
                .collect(Collectors.groupingBy(RunRow::scheduledAt, java.util.TreeMap::new, Collectors.counting()));
        return perSlot.entrySet().stream().filter(slot -> slot.getValue() == SHARDS).map(Map.Entry::getKey).toList();
    }

    private List<RunRow> scheduled() throws SQLException {
        return db.runs("books").stream().filter(run -> run.reason().equals("SCHEDULED")).toList();
    }

    private List<RunRow> runsOf(String node) throws SQLException {
        return db.runs("books").stream().filter(run -> node.equals(run.node())).toList();
    }

    private static Instant nextSlot(Instant after) {
        long seconds = after.getEpochSecond() + 1;
        return Instant.ofEpochSecond(seconds + Math.floorMod(-seconds, PERIOD.toSeconds()));
    }

    /** The password in the test database's URL, if any: printed only masked. */
    private String urlPassword() {
        String url = database.url();
        return url.contains("password=") ? url.replaceAll(".*password=([^&]*).*", "$1") : null;
    }

    private static String asin(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    private Path writeConfig(String nodeId, Duration checkin) throws Exception {
        StringBuilder targets = new StringBuilder();
        int host = 0;
        for (List<String> keys : shardTargets.values()) {
            for (String key : keys) {
                targets.append("      - key: ").append(key).append('\n')
                        .append("        url: ").append(shop.url(host++ % 2, asin(key))).append('\n');
            }
        }
        Path config = dir.resolve(nodeId + "-" + checkin.toSeconds() + "s.yml");
        Files.writeString(config, """
                database:
                  url: "%s"
                  password: "%s"
                http:
                  timeout: 60s
                  perHostConcurrency: 16
                  perHostDelay: 0ms
                  retries: 0
                daemon:
                  shutdownGrace: 3s
                cluster:
                  enabled: true
                  nodeId: %s
                  checkinInterval: %ds
                groups:
                  - name: books
                    schedule: "%s"
                    timeZone: UTC
                    extractor: amazon
                    catchUp: once
                    shards: %d
                    targets:
                %s""".formatted(db.configUrl(), secret, nodeId, checkin.toSeconds(), EVERY_THREE_SECONDS, SHARDS, targets));
        return config;
    }

    private static <T> T await(String what, Duration timeout, Callable<T> condition) throws Exception {
        return await(what, timeout, condition, () -> "");
    }

    /** Waits for {@code condition}; on timeout the message adds what {@code evidence} tells. */
    private static <T> T await(String what, Duration timeout, Callable<T> condition, Callable<String> evidence)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value;
            try {
                value = condition.call();
            } catch (SQLException notYet) {
                value = null; // the nodes have not created the tables yet
            }
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " within " + timeout + "; " + evidence.call());
    }
}
