package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.run.CrashJudge.Group;
import io.rankkeeper.run.CrashJudge.Restart;
import io.rankkeeper.run.HistoryDatabase.RunRow;
import io.rankkeeper.run.StoredState.StoredObservation;
import io.rankkeeper.schedule.SchedulerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rankkeeper daemon} killed with SIGKILL again and again at random moments (while it
 * starts, in the middle of a run, right at a fire, between runs) and restarted each time, two
 * groups on four-second slots against a loopback shop that gives every answer a rank of its own.
 * After each kill the test reads a copy of the database as the kill left it and checks: every
 * observation it saw committed before the kill is there unchanged, every stored rank is one the
 * shop served for that target, nothing is stored twice, the runs the kill left running are
 * marked interrupted at the next start, and each restart catches up exactly as its group asks:
 * one catch-up run for {@code catchUp: once} when the next fire was missed by more than the
 * misfire threshold, none for {@code skip}, and no missed slot run late. The random moments come
 * from a printed seed; {@code -Drankkeeper.crash.seed=} repeats a sequence.
 */
class CrashLoopIT {

    private static final int KILLS = 20;
    private static final Duration PERIOD = Duration.ofSeconds(4);
    private static final Group EAGER = new Group("eager", true, 0);
    private static final Group LAZY = new Group("lazy", false, 2);
    private static final List<Group> GROUPS = List.of(EAGER, LAZY);
    private static final int TARGETS_PER_GROUP = 10;
    /** Five targets per host one at a time: a run takes about a second of each group's four. */
    private static final Duration LATENCY = Duration.ofMillis(150);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A small heap, and the quick JIT only: a daemon JVM starts about a second and a half sooner here. */
    private static final List<String> CHILD_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Duser.timezone=UTC");

    enum Moment { STARTING, MID_RUN, AT_FIRE, BETWEEN_RUNS }

    @TempDir
    Path dir;

    private Path database;
    private HistoryDatabase live;

    @AfterEach
    void keepLogs() throws Exception {
        Path logs = Path.of("target", "it-logs", getClass().getSimpleName());
        Files.createDirectories(logs);
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(path -> path.toString().matches(".*\\.(out|err|yml)$")).toList()) {
                Files.copy(file, logs.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.isDirectory(dir.resolve("crashed"))) {
            try (var files = Files.list(dir.resolve("crashed"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, logs.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void everyCommittedObservationSurvivesRepeatedKillNineAndEachRestartCatchesUpAsItsGroupAsks() throws Exception {
        long seed = Long.getLong("rankkeeper.crash.seed", System.currentTimeMillis());
        System.out.println("CrashLoopIT seed " + seed + " (repeat with -Drankkeeper.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        long began = System.nanoTime();
        database = dir.resolve("db/rankkeeper");
        live = new HistoryDatabase(database);
        try (LedgerShop shop = new LedgerShop(LATENCY)) {
            Path config = writeConfig(shop);
            CrashJudge judge = new CrashJudge(shop, PERIOD, SchedulerSettings.DEFAULT_MISFIRE_THRESHOLD);
            StoredState before = new StoredState(Map.of(), Map.of(), Map.of());
            Map<Moment, Integer> moments = new EnumMap<>(Moment.class);
            Duration typicalStart = Duration.ofSeconds(6);
            for (int kill = 1; kill <= KILLS; kill++) {
                Moment moment = kill == 1 ? Moment.MID_RUN : pick(random);
                DaemonLife life = launch(kill, config);
                Map<Long, StoredObservation> seen = liveUntil(life, moment, random, before, judge, typicalStart);
                life.process().kill();
                moments.merge(moment, 1, Integer::sum);
                StoredState after = crashedCopy(kill);
                System.out.printf("kill %d %s at %s: %d observations, %d runs%n", kill, moment, life.ended(),
                        after.observations().size(), after.runs().size());
                judge.judgeObservations(life + " killed " + moment, seen, after);
                judge.judgeDanglingRuns(life, after);
                for (Group group : GROUPS) {
                    judge.judgeSchedule(life, before, after, group);
                }
                if (life.started().isPresent()) {
                    typicalStart = life.startDuration();
                }
                before = after;
            }

            DaemonLife last = launch(KILLS + 1, config);
            last.process().awaitOutput("rankkeeper daemon running", START_TIMEOUT);
            awaitCatchUpIfDue(last, before, judge);
            for (Group group : GROUPS) {
                await("a completed scheduled run of " + group.name() + " in " + last, () -> live.runs(group.name())
                        .stream().anyMatch(run -> run.reason().equals("SCHEDULED") && run.status().equals("COMPLETED")
                                && !run.startedAt().isBefore(last.launched())));
            }
            Map<Long, StoredObservation> seen = StoredState.read(liveUrl()).observations();
            last.endNow(true);
            last.process().stop();
            assertThat(last.process().awaitExit(Duration.ofSeconds(30))).as(last.process().stderr()).isZero();
            StoredState end = StoredState.read("jdbc:h2:file:" + database + ";IFEXISTS=TRUE");
            judge.judgeObservations(last + " stopped", seen, end);
            judge.judgeDanglingRuns(last, end);
            for (Group group : GROUPS) {
                judge.judgeSchedule(last, before, end, group);
            }
            judge.judgeFinal(end);
            assertThat(judge.dangling()).as("runs never marked interrupted").isEmpty();

            String figures = judge.figures(KILLS, moments, seed, Duration.ofNanos(System.nanoTime() - began))
                    + "; database file " + Files.size(Path.of(database + ".mv.db")) / 1024 + " KB";
            System.out.println(figures);
            Path logs = Files.createDirectories(Path.of("target", "it-logs", getClass().getSimpleName()));
            Files.writeString(logs.resolve("figures.txt"), figures + System.lineSeparator());
        }
    }

    /** Kills mostly land in or around runs; some while the daemon is still starting. */
    private static Moment pick(Random random) {
        int roll = random.nextInt(100);
        return roll < 15 ? Moment.STARTING : roll < 55 ? Moment.MID_RUN : roll < 80 ? Moment.AT_FIRE
                : Moment.BETWEEN_RUNS;
    }

    private DaemonLife launch(int number, Path config) throws Exception {
        Instant launched = Instant.now();
        return new DaemonLife(number, CliProcess.start(dir, "life-" + number, CHILD_JVM, "daemon", "--config",
                config.toString()), launched);
    }

    /**
     * Lets the daemon live until the chosen moment; returns the observations the test saw
     * committed just before the kill (read beside the daemon through H2's automatic server).
     */
    private Map<Long, StoredObservation> liveUntil(DaemonLife life, Moment moment, Random random, StoredState before,
            CrashJudge judge, Duration typicalStart) throws Exception {
        if (moment == Moment.STARTING) {
            sleepUntil(life.launched().plusMillis(300 + random.nextLong(typicalStart.toMillis())));
            boolean started = life.hasStarted();
            if (!started) {
                // Not open for reading beside it yet: what was committed is what the last kill left.
                life.endNow(false);
                return before.observations();
            }
            awaitCatchUpIfDue(life, before, judge);
            Map<Long, StoredObservation> seen = StoredState.read(liveUrl()).observations();
            life.endNow(true);
            return seen;
        }
        life.process().awaitOutput("rankkeeper daemon running", START_TIMEOUT);
        awaitCatchUpIfDue(life, before, judge);
        switch (moment) {
            case MID_RUN -> {
                await("a run with stored observations in " + life, () -> {
                    for (RunRow run : live.runs()) {
                        if (run.status().equals("RUNNING") && !run.startedAt().isBefore(life.launched())
                                && !live.targetsObserved(run.id()).isEmpty()) {
                            return true;
                        }
                    }
                    return false;
                });
                Thread.sleep(random.nextInt(600));
            }
            case AT_FIRE -> {
                // Every even second is a slot of one of the groups.
                Instant now = Instant.now().plusMillis(400);
                Instant fire = Instant.ofEpochSecond(now.getEpochSecond() + 1 + (now.getEpochSecond() + 1) % 2);
                Instant at = fire.plusMillis(random.nextInt(301) - 150);
                Map<Long, StoredObservation> seen = StoredState.read(liveUrl()).observations();
                sleepUntil(at);
                life.endNow(true);
                return seen;
            }
            case BETWEEN_RUNS -> {
                await("a pause between runs in " + life, () -> {
                    List<RunRow> runs = live.runs().stream()
                            .filter(run -> !run.startedAt().isBefore(life.launched())).toList();
                    return runs.stream().anyMatch(run -> run.status().equals("COMPLETED"))
                            && runs.stream().noneMatch(run -> run.status().equals("RUNNING"));
                });
                Thread.sleep(random.nextInt(300));
            }
            default -> throw new IllegalStateException(moment.name());
        }
        Map<Long, StoredObservation> seen = StoredState.read(liveUrl()).observations();
        life.endNow(true);
        return seen;
    }

    /** A restart that missed the eager group's next fire runs its catch-up at once: the test waits for it. */
    private void awaitCatchUpIfDue(DaemonLife life, StoredState before, CrashJudge judge) throws Exception {
        if (judge.restart(before, life, EAGER) == Restart.MISSED) {
            await("the catch-up run of " + EAGER.name() + " in " + life, () -> live.runs(EAGER.name()).stream()
                    .anyMatch(run -> run.reason().equals("CATCH_UP") && !run.startedAt().isBefore(life.launched())));
        }
    }

    /**
     * The database as the kill left it, read from a copy so that the next daemon recovers the
     * original itself. The last two crashed files stay, untouched, beside the logs of a failure.
     */
    private StoredState crashedCopy(int kill) throws Exception {
        Path pristine = Files.createDirectories(dir.resolve("crashed")).resolve("kill-" + kill + ".mv.db");
        Files.copy(Path.of(database + ".mv.db"), pristine);
        Files.deleteIfExists(pristine.resolveSibling("kill-" + (kill - 2) + ".mv.db"));
        Path copy = Files.createDirectories(dir.resolve("crash-" + kill));
        Files.copy(pristine, copy.resolve("rankkeeper.mv.db"));
        try {
            return StoredState.read("jdbc:h2:file:" + copy.resolve("rankkeeper") + ";IFEXISTS=TRUE");
        } finally {
            try (var files = Files.list(copy)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(copy);
        }
    }

    private String liveUrl() {
        // As HistoryDatabase: beside the daemon through its automatic server, never creating the file.
        return "jdbc:h2:file:" + database + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE";
    }

    private Path writeConfig(LedgerShop shop) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                database:
                  url: jdbc:h2:file:%s
                http:
                  timeout: 10s
                  perHostConcurrency: 1
                  perHostDelay: 0ms
                  retries: 0
                  robotsTxt: false
                daemon:
                  shutdownGrace: 3s
                cluster:
                  nodeId: it-node
                groups:
                """.formatted(database));
        for (Group group : GROUPS) {
            yaml.append("""
                      - name: %s
                        schedule: "%d/%d * * * * ?"
                        timeZone: UTC
                        extractor: amazon
                        catchUp: %s
                        targets:
                    """.formatted(group.name(), group.slotOffsetSeconds(), PERIOD.toSeconds(),
                    group.catchUpOnce() ? "once" : "skip"));
            for (int index = 0; index < TARGETS_PER_GROUP; index++) {
                String asin = "%s%09d".formatted(group.name().substring(0, 1).toUpperCase(java.util.Locale.ROOT), index);
                yaml.append("      - key: shop/").append(asin).append('\n')
                        .append("        url: ").append(shop.url(index % 2, asin)).append('\n');
            }
        }
        Path config = dir.resolve("rankkeeper.yml");
        Files.writeString(config, yaml);
        return config;
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (SQLException notYet) {
                // the daemon has not opened its database yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + WAIT);
    }
}
