package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.run.StoredState.StoredObservation;
import io.rankkeeper.run.StoredState.StoredRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Judges what a killed daemon left behind against what the test knows: the answers the shop
 * served, the observations seen committed before each kill, the runs a kill left running, and
 * when each restart had to catch up. Keeps the figures. Used by one test thread.
 */
final class CrashJudge {

    /** How a restart stood to a group's stored next fire time when Quartz judged it. */
    enum Restart {
        /** The first start: no trigger stored yet. */
        FIRST,
        /** The next fire was less than the misfire threshold late (with margin): it runs as scheduled. */
        ON_TIME,
        /** The next fire was more than the misfire threshold late (with margin): a misfire. */
        MISSED,
        /** Too close to the threshold to tell from outside, or the start was not seen. */
        UNKNOWN
    }

    /** A scheduled group of the test config. */
    record Group(String name, boolean catchUpOnce, int slotOffsetSeconds) {
        String trigger() {
            return name + "#0";
        }
    }

    /**
     * Quartz judges the misfires at start inside {@code begin()}, after the "synced" log line and
     * before the "started" one; its scheduler thread acquires a late but not misfired trigger
     * right after, which may take this long on a loaded machine.
     */
    private static final Duration ACQUIRE_MARGIN = Duration.ofMillis(500);
    /** Log lines carry milliseconds. */
    private static final Duration LOG_MARGIN = Duration.ofMillis(10);
    /** The shop logs an answer just before it leaves; the run's clock and the shop's are the same machine's. */
    private static final Duration CLOCK_SLACK = Duration.ofMillis(500);

    private final LedgerShop shop;
    private final Duration period;
    private final Duration misfireThreshold;
    private final Map<Long, StoredObservation> committed = new TreeMap<>();
    private final Set<Long> dangling = new TreeSet<>();
    private final Map<Long, Long> observationByRank = new HashMap<>();
    private final Map<Restart, Integer> restarts = new TreeMap<>();
    private int snapshotsCompared;
    private int lost;
    private int duplicates;
    private int markedInterrupted;
    private int catchUpsExpected;
    private int catchUps;

    CrashJudge(LedgerShop shop, Duration period, Duration misfireThreshold) {
        this.shop = shop;
        this.period = period;
        this.misfireThreshold = misfireThreshold;
    }

    /** How the life's start stood to the group's next fire time stored before it. */
    Restart restart(StoredState before, DaemonLife life, Group group) {
        Instant next = before.nextFires().get(group.trigger());
        if (next == null) {
            return Restart.FIRST;
        }
        if (life.synced().isEmpty() || life.started().isEmpty()) {
            return Restart.UNKNOWN;
        }
        if (Duration.between(next, life.synced().get()).compareTo(misfireThreshold.plus(LOG_MARGIN)) > 0) {
            return Restart.MISSED;
        }
        if (Duration.between(next, life.started().get()).compareTo(misfireThreshold.minus(ACQUIRE_MARGIN)) < 0) {
            return Restart.ON_TIME;
        }
        return Restart.UNKNOWN;
    }

    /**
     * Every observation seen committed before the kill is in the state after it, unchanged;
     * every stored observation is an answer the shop served, stored once.
     */
    void judgeObservations(String when, Map<Long, StoredObservation> seenCommitted, StoredState after) {
        snapshotsCompared += seenCommitted.size();
        List<String> missing = new ArrayList<>();
        for (StoredObservation observation : seenCommitted.values()) {
            if (!observation.equals(after.observations().get(observation.id()))) {
                missing.add(observation + " now " + after.observations().get(observation.id()));
            }
        }
        lost += missing.size();
        assertThat(missing).as("%s: observations committed before the kill that are gone or changed", when).isEmpty();
        committed.putAll(seenCommitted);
        committed.putAll(after.observations());

        Set<String> targetSlots = new HashSet<>();
        for (StoredObservation observation : after.observations().values()) {
            if (!targetSlots.add(observation.targetKey() + "@" + observation.scheduledAt())) {
                duplicates++;
            }
            assertThat(observation.outcome()).as("%s: %s", when, observation).isEqualTo("OK");
            Long previous = observationByRank.putIfAbsent(observation.mainRank(), observation.id());
            if (previous != null && previous != observation.id()) {
                // one answer of the shop stored twice
                duplicates++;
            }
            StoredRun run = after.runs().get(observation.runId());
            assertThat(run).as("%s: the run of %s", when, observation).isNotNull();
            assertThat(observation.scheduledAt()).as("%s: %s in %s", when, observation, run).isEqualTo(run.scheduledAt());
            LedgerShop.Served served = shop.servedWithRank(observation.mainRank());
            assertThat(served).as("%s: the shop never showed the rank of %s", when, observation).isNotNull();
            assertThat("shop/" + served.asin()).as("%s: %s", when, observation).isEqualTo(observation.targetKey());
            assertThat(observation.subRank()).as("%s: %s", when, observation).isEqualTo(served.subRank());
            assertThat(served.at()).as("%s: %s served outside its run %s", when, observation, run)
                    .isBetween(run.startedAt().minus(CLOCK_SLACK), observation.observedAt().plus(CLOCK_SLACK));
        }
        assertThat(duplicates).as("%s: duplicate observations", when).isZero();
    }

    /**
     * Runs a kill left running are marked interrupted, with the counts of what they committed,
     * once the next life got past its start; the runs this kill left running are remembered.
     */
    void judgeDanglingRuns(DaemonLife life, StoredState after) {
        boolean marked = life.synced().isPresent();
        for (Long id : new ArrayList<>(dangling)) {
            StoredRun run = after.runs().get(id);
            if (!marked && run.status().equals("RUNNING")) {
                continue;
            }
            assertThat(run.status()).as("%s: dangling %s", life, run).isEqualTo("INTERRUPTED");
            assertThat(run.endedAt()).as("%s: dangling %s", life, run).isNull();
            assertThat(run.okCount()).as("%s: counts of dangling %s", life, run)
                    .isEqualTo(after.observationsOf(id).size());
            dangling.remove(id);
            markedInterrupted++;
        }
        for (StoredRun run : after.runs().values()) {
            if (run.status().equals("RUNNING") && !dangling.contains(run.id())) {
                assertThat(run.startedAt()).as("%s: %s left running by an earlier process", life, run)
                        .isAfterOrEqualTo(life.launched());
                dangling.add(run.id());
            }
        }
    }

    /** Runs that must have been marked by now (after a clean stop, none is left running). */
    Set<Long> dangling() {
        return Set.copyOf(dangling);
    }

    /**
     * The life's runs of the group against its restart: on time, the first run is the stored
     * next fire; missed, "once" runs exactly one catch-up first and "skip" none, and no missed
     * slot runs late. Never a second catch-up in a life.
     */
    void judgeSchedule(DaemonLife life, StoredState before, StoredState after, Group group) {
        Restart restart = restart(before, life, group);
        restarts.merge(restart, 1, Integer::sum);
        Instant next = before.nextFires().get(group.trigger());
        List<StoredRun> runs = after.runs().values().stream()
                .filter(run -> run.group().equals(group.name()) && !run.startedAt().isBefore(life.launched()))
                .toList();
        List<StoredRun> lifeCatchUps = runs.stream().filter(run -> run.reason().equals("CATCH_UP")).toList();
        catchUps += lifeCatchUps.size();
        String what = life + ", group " + group.name() + ", restart " + restart + ", next fire " + next + ", synced "
                + life.synced().orElse(null) + ", started " + life.started().orElse(null) + ": " + runs;
        assertThat(lifeCatchUps).as(what).hasSizeLessThanOrEqualTo(group.catchUpOnce() ? 1 : 0);
        for (StoredRun run : runs) {
            if (run.reason().equals("SCHEDULED")) {
                assertThat(run.scheduledAt().getNano()).as(what).isZero();
                assertThat(Math.floorMod(run.scheduledAt().getEpochSecond(), period.toSeconds()))
                        .as(what).isEqualTo((long) group.slotOffsetSeconds());
            }
        }
        boolean catchUpDue = restart == Restart.MISSED && group.catchUpOnce();
        if (catchUpDue && life.startedBeforeKill()) {
            catchUpsExpected++;
            assertThat(lifeCatchUps).as("one catch-up: " + what).hasSize(1);
        }
        if (runs.isEmpty()) {
            return;
        }
        StoredRun first = runs.get(0);
        switch (restart) {
            case FIRST -> assertThat(lifeCatchUps).as(what).isEmpty();
            case ON_TIME -> {
                assertThat(first.reason()).as(what).isEqualTo("SCHEDULED");
                assertThat(first.scheduledAt()).as(what).isEqualTo(next);
                assertThat(lifeCatchUps).as(what).isEmpty();
            }
            case MISSED -> {
                assertThat(first.reason()).as(what).isEqualTo(group.catchUpOnce() ? "CATCH_UP" : "SCHEDULED");
                // No missed slot is run late: scheduled runs are on slots after the restart.
                assertThat(runs).as(what).filteredOn(run -> run.reason().equals("SCHEDULED"))
                        .allSatisfy(run -> assertThat(run.scheduledAt()).isAfter(life.synced().orElseThrow()));
            }
            case UNKNOWN -> {
                // Too close to call from outside: whatever Quartz did must fit the threshold.
                if (first.reason().equals("SCHEDULED") && first.scheduledAt().equals(next)) {
                    assertThat(Duration.between(next, first.startedAt()))
                            .as(what).isLessThan(misfireThreshold.plus(ACQUIRE_MARGIN));
                } else if (life.synced().isPresent()) {
                    assertThat(first.startedAt()).as(what)
                            .isAfter(next.plus(misfireThreshold).minus(ACQUIRE_MARGIN));
                }
            }
        }
    }

    /** Every observation ever seen committed is in the final state, unchanged. */
    void judgeFinal(StoredState last) {
        judgeObservations("after the last stop", committed, last);
        assertThat(last.runs().values()).noneMatch(run -> run.status().equals("RUNNING"));
    }

    int observationsChecked() {
        return committed.size();
    }

    String figures(int kills, Map<?, Integer> moments, long seed, Duration took) {
        return ("Crashes: %d kills survived %s; %d observations checked (%d re-read after a kill), %d lost, "
                + "%d duplicates; %d runs left running and marked interrupted; %d catch-up runs, all in the 'once'"
                + " group, never two in a life (exactly one in each of the %d lives known to have missed its slot),"
                + " none in 'skip'; restarts per group %s; %d answers served; seed %d; %d s")
                .formatted(kills, moments, observationsChecked(), snapshotsCompared, lost, duplicates,
                        markedInterrupted, catchUps, catchUpsExpected, restarts, shop.answers(), seed,
                        took.toSeconds());
    }
}
