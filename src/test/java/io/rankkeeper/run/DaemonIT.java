package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.run.HistoryDatabase.RunRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rankkeeper daemon} as a user runs it: a JVM of its own on a two-second schedule against
 * a loopback shop, stopped with SIGTERM and killed with SIGKILL, and judged by what it left in
 * its H2 database (read beside it through H2's automatic server, as the CLI reads it).
 */
class DaemonIT {

    private static final Duration PERIOD = Duration.ofSeconds(2);
    private static final String EVERY_TWO_SECONDS = "*/2 * * * * ?";
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private TestShop shop;
    private HistoryDatabase db;
    private Path config;

    @BeforeEach
    void openShop() throws Exception {
        shop = new TestShop();
        db = new HistoryDatabase(dir.resolve("db/rankkeeper"));
        config = dir.resolve("rankkeeper.yml");
    }

    @AfterEach
    void closeShopAndKeepLogs(TestInfo test) throws Exception {
        shop.close();
        // The processes' output outlives the temp folder, for reading after a failure.
        Path logs = Path.of("target", "it-logs", getClass().getSimpleName(), test.getTestMethod().orElseThrow().getName());
        Files.createDirectories(logs);
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(path -> path.toString().matches(".*\\.(out|err|yml)$")).toList()) {
                Files.copy(file, logs.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void runsOnTimeBesideTheCliFollowsConfigEditsAndStopsCleanlyOnSigtermMidRun() throws Exception {
        writeConfig(group("books", EVERY_TWO_SECONDS, "once", "A", "B", "C"));
        try (CliProcess daemon = startDaemon("daemon")) {
            // Both beside the running daemon, at once to save a JVM start.
            // The second one as `nohup rankkeeper daemon &` starts it: it cannot reload on SIGHUP, and says so.
            List<String> underNohup = new ArrayList<>(List.of("nohup"));
            underNohup.addAll(CliProcess.javaCommand(List.of(), "daemon", "--config", config.toString()));
            try (CliProcess second = CliProcess.startCommand(dir, "second", underNohup);
                    CliProcess manual = CliProcess.start(dir, "manual", "run", "--config", config.toString(),
                            "--target", "shop/A", "--progress", "none")) {
                assertThat(second.awaitExit(START_TIMEOUT)).as(second.stderr()).isEqualTo(3);
                assertThat(second.stderr()).contains("SIGHUP is ignored by this process (started with nohup?)",
                        "Another rankkeeper daemon is already running",
                        "rankkeeper.daemon.lock");
                assertThat(manual.awaitExit(START_TIMEOUT)).as(manual.stderr()).isEqualTo(0);
                assertThat(manual.stdout()).contains("shop/A", "completed, 1 of 1 targets");
            }
            await("three completed scheduled runs", Duration.ofSeconds(20),
                    () -> completed(db.runs("books"), "SCHEDULED").size() >= 3);

            writeConfig(group("books", EVERY_TWO_SECONDS, "once", "A", "B", "C", "D"));
            daemon.awaitOutput("Config reloaded", Duration.ofSeconds(10));
            Instant reloaded = Instant.now();
            RunRow withNewTarget = awaitRunAfter("books", reloaded);
            assertThat(db.targetsObserved(withNewTarget.id())).containsExactly("shop/A", "shop/B", "shop/C", "shop/D");

            // SIGHUP re-reads the file on request.
            assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor()).isZero();
            daemon.awaitOutput("(?s)Config reloaded.*Config reloaded", Duration.ofSeconds(10));
            assertThat(daemon.isAlive()).isTrue();

            Files.writeString(config, Files.readString(config).replace("catchUp: once", "catchUp: sometimes"));
            daemon.awaitOutput("ERROR .*Config edit refused.*catchUp", Duration.ofSeconds(10));
            Instant refused = Instant.now();
            RunRow afterBrokenEdit = awaitRunAfter("books", refused);
            assertThat(daemon.isAlive()).isTrue();
            assertThat(db.targetsObserved(afterBrokenEdit.id())).containsExactly("shop/A", "shop/B", "shop/C", "shop/D");

            // A slow server: B and D never answer, C answers only after the stop was asked for.
            shop.hold("B");
            shop.hold("C");
            shop.hold("D");
            Instant held = Instant.now();
            RunRow inFlight = await("a run with A stored and B, C, D in flight", Duration.ofSeconds(10), () -> {
                for (RunRow run : db.runs("books")) {
                    if (run.status().equals("RUNNING") && run.scheduledAt().isAfter(held)
                            && db.targetsObserved(run.id()).equals(List.of("shop/A"))) {
                        return run;
                    }
                }
                return null;
            });
            long stopAsked = System.nanoTime();
            daemon.stop();
            Thread.sleep(1_000);
            shop.release("C");
            int exit = daemon.awaitExit(GRACE.plusSeconds(10));
            Duration stopping = Duration.ofNanos(System.nanoTime() - stopAsked);

            assertThat(exit).as(daemon.stderr()).isEqualTo(0);
            assertThat(stopping).isLessThan(GRACE.plusSeconds(5));
            assertThat(daemon.stdout()).contains("rankkeeper daemon running", "rankkeeper daemon stopped");
            assertThat(daemon.stderr()).doesNotContain("Exception");
            RunRow stopped = db.runs("books").stream().filter(run -> run.id() == inFlight.id()).findFirst().orElseThrow();
            assertThat(stopped.status()).isEqualTo("INTERRUPTED");
            assertThat(stopped.endedAt()).isNotNull();
            assertThat(db.targetsObserved(inFlight.id())).containsExactly("shop/A", "shop/C");
        }

        List<RunRow> runs = db.runs("books");
        assertThat(runs).noneMatch(run -> run.status().equals("RUNNING"));
        assertThat(runs).filteredOn(run -> run.reason().equals("MANUAL")).singleElement()
                .satisfies(run -> assertThat(run.status()).isEqualTo("COMPLETED"));
        assertThat(runs).noneMatch(run -> run.reason().equals("CATCH_UP"));
        List<RunRow> scheduled = runs.stream().filter(run -> run.reason().equals("SCHEDULED")).toList();
        assertThat(scheduled).hasSizeGreaterThanOrEqualTo(6);
        assertOnConsecutiveSlots(scheduled);
        for (RunRow run : scheduled) {
            assertThat(Duration.between(run.scheduledAt(), run.startedAt())).as("start lag of %s", run)
                    .isLessThan(Duration.ofMillis(2_500));
        }
    }

    /**
     * kill -9 in the middle of a run of each of two groups, a downtime of several periods, and a
     * restart with the same config: what was committed stays, the dangling runs are marked, the
     * "once" group catches up exactly once and the "skip" group not at all; then both run on their
     * slots again. A third start with an edited config deletes the removed group's job and
     * reschedules the changed cron.
     */
    @Test
    void killNineMidRunKeepsCommittedWorkAndCatchesUpOnlyWhereAskedAfterDowntime() throws Exception {
        writeConfig(group("eager", EVERY_TWO_SECONDS, "once", "E1", "E2")
                + group("lazy", EVERY_TWO_SECONDS, "skip", "L1", "L2"));
        shop.hold("E2");
        shop.hold("L2");
        List<Long> committedBeforeKill;
        Instant killed;
        try (CliProcess first = startDaemon("first")) {
            await("a run of each group with its fast target stored", Duration.ofSeconds(15), () ->
                    runningWithObservation("eager", "shop/E1") && runningWithObservation("lazy", "shop/L1"));
            committedBeforeKill = db.observationIds();
            first.kill();
            killed = Instant.now();
        }
        shop.release("E2");
        shop.release("L2");
        List<RunRow> dangling = db.runs().stream().filter(run -> run.status().equals("RUNNING")).toList();
        assertThat(dangling).hasSize(2);
        assertThat(committedBeforeKill).hasSizeGreaterThanOrEqualTo(2);

        // Down for four and a half periods: well past the 5 s misfire threshold.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), killed.plus(PERIOD.multipliedBy(9).dividedBy(2)))
                .toMillis()));
        Instant restarted = Instant.now();
        try (CliProcess second = startDaemon("second")) {
            await("two scheduled runs of each group after the restart", Duration.ofSeconds(20), () ->
                    completedSince("eager", restarted) >= 2 && completedSince("lazy", restarted) >= 2);
            second.stop();
            assertThat(second.awaitExit(GRACE.plusSeconds(10))).as(second.stderr()).isEqualTo(0);
            assertThat(second.stderr()).contains("Schedule synced with the config: 0 created, 0 changed, 0 removed");
        }

        assertThat(db.observationIds()).containsAll(committedBeforeKill);
        for (RunRow run : dangling) {
            RunRow after = db.runs().stream().filter(row -> row.id() == run.id()).findFirst().orElseThrow();
            assertThat(after.status()).as("dangling %s", run).isEqualTo("INTERRUPTED");
            assertThat(db.targetsObserved(run.id())).as("dangling %s", run).isNotEmpty();
        }
        List<RunRow> eager = db.runs("eager");
        List<RunRow> catchUps = eager.stream().filter(run -> run.reason().equals("CATCH_UP")).toList();
        assertThat(catchUps).as("%s", eager).singleElement().satisfies(catchUp -> {
            assertThat(catchUp.scheduledAt()).isAfter(restarted);
            assertThat(catchUp.status()).isEqualTo("COMPLETED");
            assertThat(db.targetsObserved(catchUp.id())).containsExactly("shop/E1", "shop/E2");
        });
        List<RunRow> lazy = db.runs("lazy");
        assertThat(lazy).as("%s", lazy).noneMatch(run -> run.reason().equals("CATCH_UP"));
        for (List<RunRow> runs : List.of(eager, lazy)) {
            // Missed slots are never run one by one; before the kill and after the restart, one run per slot.
            assertThat(runs).as("%s", runs).noneMatch(run ->
                    run.scheduledAt().isAfter(killed) && run.scheduledAt().isBefore(restarted));
            assertOnConsecutiveSlots(runs.stream()
                    .filter(run -> run.reason().equals("SCHEDULED") && run.scheduledAt().isAfter(restarted)).toList());
            assertThat(runs.stream().filter(run -> run.reason().equals("SCHEDULED")).map(RunRow::scheduledAt))
                    .doesNotHaveDuplicates();
        }
        assertThat(db.count("select count(*) from QRTZ_TRIGGERS")).isEqualTo(2);
        assertThat(db.count("select count(*) from QRTZ_JOB_DETAILS")).isEqualTo(2);

        // Edited while stopped: one group gone, the other's cron changed. And a stop whose run gets
        // every answer within the grace period: that run is complete, not interrupted.
        writeConfig(group("eager", "*/3 * * * * ?", "once", "E1", "E2"));
        shop.hold("E2");
        Instant thirdStart = Instant.now();
        RunRow stoppedInGrace;
        try (CliProcess third = startDaemon("third")) {
            assertThat(third.stderr()).contains("Schedule synced with the config: 0 created, 1 changed, 1 removed");
            stoppedInGrace = await("a run on a three-second slot with E2 in flight", Duration.ofSeconds(10), () -> {
                for (RunRow run : db.runs("eager")) {
                    if (run.scheduledAt().isAfter(thirdStart) && db.targetsObserved(run.id()).equals(List.of("shop/E1"))) {
                        return run;
                    }
                }
                return null;
            });
            third.stop();
            Thread.sleep(500);
            shop.release("E2");
            assertThat(third.awaitExit(GRACE.plusSeconds(10))).as(third.stderr()).isEqualTo(0);
        }
        assertThat(db.count("select count(*) from QRTZ_JOB_DETAILS")).isEqualTo(1);
        assertThat(db.count("select count(*) from QRTZ_CRON_TRIGGERS where CRON_EXPRESSION = '*/3 * * * * ?'"))
                .isEqualTo(1);
        assertThat(db.count("select count(*) from QRTZ_TRIGGERS")).isEqualTo(1);
        List<RunRow> afterEdit = db.runs().stream().filter(run -> run.scheduledAt().isAfter(thirdStart)).toList();
        assertThat(afterEdit).singleElement().satisfies(run -> {
            assertThat(run.id()).isEqualTo(stoppedInGrace.id());
            assertThat(run.group()).isEqualTo("eager");
            assertThat(run.reason()).isEqualTo("SCHEDULED");
            assertThat(run.scheduledAt().getEpochSecond() % 3).isZero();
            assertThat(run.status()).isEqualTo("COMPLETED");
        });
        assertThat(db.targetsObserved(stoppedInGrace.id())).containsExactly("shop/E1", "shop/E2");
    }

    /**
     * C answers after the stop was asked for, within the grace period: it is stored, and the
     * command ends itself with 130. (It held a JVM shut down by the signal open from a hook, and
     * H2 closed the database from a hook of its own beside it: the exit code was the signal's,
     * 143, and observations being written were lost.)
     */
    @Test
    void runCommandStoppedBySigtermStoresWhatCameBackAndSaysSo() throws Exception {
        writeConfig(group("books", EVERY_TWO_SECONDS, "once", "A", "B", "C"));
        shop.hold("B");
        shop.hold("C");
        try (CliProcess run = CliProcess.start(dir, "run", "run", "--config", config.toString(), "--progress", "none")) {
            await("the run with A stored", START_TIMEOUT, () -> !db.runs().isEmpty()
                    && db.targetsObserved(db.runs().get(0).id()).equals(List.of("shop/A")));
            long stopAsked = System.nanoTime();
            run.stop();
            Thread.sleep(1_000);
            shop.release("C");
            int exit = run.awaitExit(GRACE.plusSeconds(15));
            Duration stopping = Duration.ofNanos(System.nanoTime() - stopAsked);

            assertThat(exit).as(run.stderr()).isEqualTo(130);
            assertThat(stopping).isLessThan(GRACE.plusSeconds(5));
            assertThat(run.stdout()).contains("shop/A", "shop/C", "interrupted, 2 of 3 targets");
            assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("ERROR");
        }
        assertThat(db.runs()).singleElement().satisfies(run -> {
            assertThat(run.reason()).isEqualTo("MANUAL");
            assertThat(run.status()).isEqualTo("INTERRUPTED");
            assertThat(db.targetsObserved(run.id())).containsExactly("shop/A", "shop/C");
        });
    }

    /**
     * A second signal stops waiting for B, which never answers, within a grace period of a
     * minute: the summary is printed and the run row closed with its counts. (A second signal
     * ended the JVM at once before: no summary, what was built and not yet written lost, and the
     * run row left RUNNING.)
     */
    @Test
    void runCommandStoppedTwiceStopsWaitingButStoresAndClosesTheRun() throws Exception {
        writeConfig(group("books", EVERY_TWO_SECONDS, "once", "A", "B"));
        graceOfAMinute();
        shop.hold("B");
        try (CliProcess run = CliProcess.start(dir, "run", "run", "--config", config.toString(), "--progress", "none")) {
            await("the run with A stored", START_TIMEOUT, () -> !db.runs().isEmpty()
                    && db.targetsObserved(db.runs().get(0).id()).equals(List.of("shop/A")));
            Stopped stopped = stopTwice(run);

            assertThat(stopped.exit()).as(run.stderr()).isEqualTo(130);
            assertThat(stopped.afterSecondSignal()).isLessThan(Duration.ofSeconds(20));
            assertThat(run.stderr()).contains("without waiting for the requests in flight: storing what came back")
                    .doesNotContain("Exception").doesNotContain("ERROR");
            assertThat(run.stdout()).contains("shop/A", "interrupted, 1 of 2 targets");
        }
        assertThat(db.runs()).singleElement().satisfies(run -> {
            assertThat(run.status()).isEqualTo("INTERRUPTED");
            assertThat(db.targetsObserved(run.id())).containsExactly("shop/A");
        });
    }

    /**
     * The daemon the same way: its second SIGTERM stops waiting for B, which never answers,
     * within a grace period of a minute; the run is closed with A and the daemon exits 0. (A
     * second signal was ignored before: the daemon waited out the whole grace period.)
     */
    @Test
    void daemonStoppedTwiceStopsWaitingForRequestsInFlight() throws Exception {
        writeConfig(group("books", EVERY_TWO_SECONDS, "once", "A", "B"));
        graceOfAMinute();
        shop.hold("B");
        try (CliProcess daemon = startDaemon("daemon")) {
            RunRow inFlight = await("a run with A stored and B in flight", START_TIMEOUT, () -> {
                for (RunRow run : db.runs("books")) {
                    if (run.status().equals("RUNNING") && db.targetsObserved(run.id()).equals(List.of("shop/A"))) {
                        return run;
                    }
                }
                return null;
            });
            Stopped stopped = stopTwice(daemon);

            assertThat(stopped.exit()).as(daemon.stderr()).isEqualTo(0);
            assertThat(stopped.afterSecondSignal()).isLessThan(Duration.ofSeconds(20));
            assertThat(daemon.stdout()).contains("rankkeeper daemon stopped");
            assertThat(daemon.stderr()).contains("Not waiting for the requests in flight of 1 running run(s)")
                    .doesNotContain("Exception");
            RunRow run = db.runs("books").stream().filter(row -> row.id() == inFlight.id()).findFirst().orElseThrow();
            assertThat(run.status()).isEqualTo("INTERRUPTED");
            assertThat(db.targetsObserved(inFlight.id())).containsExactly("shop/A");
        }
        assertThat(db.runs("books")).noneMatch(run -> run.status().equals("RUNNING"));
    }

    /** A grace period far longer than the tests wait, so that only a second signal ends it early. */
    private void graceOfAMinute() throws Exception {
        Files.writeString(config, Files.readString(config).replace("shutdownGrace: " + GRACE.toSeconds() + "s",
                "shutdownGrace: 60s"));
    }

    /** How a process stopped twice ended, and how long after the second signal. */
    private record Stopped(int exit, Duration afterSecondSignal) {
    }

    /** SIGTERM; once the process has said what a second signal does, SIGTERM again. */
    private static Stopped stopTwice(CliProcess process) throws InterruptedException {
        process.stop();
        process.awaitOutput("Press Ctrl-C again to stop without waiting", START_TIMEOUT);
        long secondAsked = System.nanoTime();
        process.stop();
        int exit = process.awaitExit(Duration.ofSeconds(30));
        return new Stopped(exit, Duration.ofNanos(System.nanoTime() - secondAsked));
    }

    private CliProcess startDaemon(String name) throws Exception {
        CliProcess daemon = CliProcess.start(dir, name, "daemon", "--config", config.toString());
        daemon.awaitOutput("rankkeeper daemon running", START_TIMEOUT);
        return daemon;
    }

    private void writeConfig(String groups) throws Exception {
        Files.writeString(config, """
                database:
                  url: %s
                http:
                  timeout: 30s
                  perHostConcurrency: 4
                  perHostDelay: 0ms
                  retries: 0
                daemon:
                  shutdownGrace: %ds
                cluster:
                  nodeId: it-node
                groups:
                %s""".formatted(db.configUrl(), GRACE.toSeconds(), groups));
    }

    /** A group whose targets are ASINs: the first on host 0, the others on host 1. */
    private String group(String name, String cron, String catchUp, String... asins) {
        StringBuilder yaml = new StringBuilder("""
                  - name: %s
                    schedule: "%s"
                    timeZone: UTC
                    extractor: amazon
                    catchUp: %s
                    targets:
                """.formatted(name, cron, catchUp));
        for (int index = 0; index < asins.length; index++) {
            yaml.append("      - key: shop/").append(asins[index]).append('\n')
                    .append("        url: ").append(shop.url(index == 0 ? 0 : 1, asins[index])).append('\n');
        }
        return yaml.toString();
    }

    private RunRow awaitRunAfter(String group, Instant after) throws Exception {
        return await("a completed scheduled run of " + group + " after " + after, Duration.ofSeconds(10), () ->
                completed(db.runs(group), "SCHEDULED").stream()
                        .filter(run -> run.scheduledAt().isAfter(after)).findFirst().orElse(null));
    }

    private boolean runningWithObservation(String group, String target) throws SQLException {
        for (RunRow run : db.runs(group)) {
            if (run.status().equals("RUNNING") && db.targetsObserved(run.id()).contains(target)) {
                return true;
            }
        }
        return false;
    }

    private long completedSince(String group, Instant since) throws SQLException {
        return completed(db.runs(group), "SCHEDULED").stream().filter(run -> run.scheduledAt().isAfter(since)).count();
    }

    private static List<RunRow> completed(List<RunRow> runs, String reason) {
        return runs.stream().filter(run -> run.reason().equals(reason) && run.status().equals("COMPLETED")).toList();
    }

    /** Each run on a slot of the two-second schedule, one run per slot, no slot left out between them. */
    private static void assertOnConsecutiveSlots(List<RunRow> runs) {
        Set<Instant> seen = new HashSet<>();
        for (int index = 0; index < runs.size(); index++) {
            RunRow run = runs.get(index);
            assertThat(run.scheduledAt().getNano()).as("%s", run).isZero();
            assertThat(run.scheduledAt().getEpochSecond() % PERIOD.toSeconds()).as("%s", run).isZero();
            assertThat(seen.add(run.scheduledAt())).as("a second run for the slot of %s", run).isTrue();
            if (index > 0) {
                assertThat(Duration.between(runs.get(index - 1).scheduledAt(), run.scheduledAt())).as("%s", runs)
                        .isEqualTo(PERIOD);
            }
        }
    }

    private static <T> T await(String what, Duration timeout, Callable<T> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value;
            try {
                value = condition.call();
            } catch (SQLException notYet) {
                // the process under test has not created its database yet
                value = null;
            }
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + timeout);
    }
}
