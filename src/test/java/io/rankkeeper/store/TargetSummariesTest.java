package io.rankkeeper.store;

import static io.rankkeeper.store.TestData.failed;
import static io.rankkeeper.store.TestData.main;
import static io.rankkeeper.store.TestData.ok;
import static io.rankkeeper.store.TestData.runStart;
import static io.rankkeeper.store.TestData.sub;
import static io.rankkeeper.store.TestData.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TargetSummariesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Instant WEEK_AGO = NOW.minus(Duration.ofDays(7));

    private FreshDatabase database;
    private Store store;

    private Store open(DatabaseKind kind) {
        database = FreshDatabase.create(kind);
        store = Store.open(database.settings());
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private void write(Observation... observations) {
        long runId = store.startRun(runStart("books", NOW.minus(Duration.ofDays(1000)), "node"));
        try (Store.ObservationWriter writer = store.openWriter()) {
            for (Observation observation : observations) {
                writer.add(new Observation(observation.targetKey(), runId, observation.scheduledAt(),
                        observation.observedAt(), observation.outcome(), observation.httpStatus(),
                        observation.attempts(), observation.duration(), observation.bytes(), observation.finalUrl(),
                        observation.bodyHash(), observation.extractor(), observation.extractorVersion(),
                        observation.marketplace(), observation.title(), observation.detail(), observation.ranks()));
            }
        }
        store.finishRun(runId, NOW, RunStatus.COMPLETED, Map.of());
    }

    private static Instant daysAgo(double days) {
        return NOW.minus(Duration.ofMinutes((long) (days * 24 * 60)));
    }

    private static Observation okAt(String key, Instant at, long booksRank) {
        return ok(key, 0, at, at, main("Books", "283155", booksRank));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void previousRankIsFoundBeyondEverySearchWindow(DatabaseKind kind) {
        open(kind).syncTargets(List.of(target("A")));
        write(okAt("A", daysAgo(800), 900), failed("A", 0, daysAgo(400), Outcome.BLOCKED),
                failed("A", 0, daysAgo(2), Outcome.TIMEOUT), okAt("A", daysAgo(0.5), 700));

        TargetSummary summary = store.targetSummaries(NOW, WEEK_AGO).get(0);

        assertThat(summary.latest()).isEqualTo(new RankAt(700, daysAgo(0.5)));
        assertThat(summary.previous()).isEqualTo(new RankAt(900, daysAgo(800)));
        assertThat(summary.reference()).isEqualTo(new RankAt(900, daysAgo(800)));
        assertThat(summary.changeSincePrevious()).isEqualTo(-200);
        assertThat(summary.lastOutcome()).isEqualTo(Outcome.OK);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void rankAtExactlyTheReferenceTimeCounts(DatabaseKind kind) {
        open(kind).syncTargets(List.of(target("A")));
        write(okAt("A", daysAgo(8), 50), okAt("A", WEEK_AGO, 40), okAt("A", daysAgo(1), 30));

        TargetSummary summary = store.targetSummaries(NOW, WEEK_AGO).get(0);

        assertThat(summary.reference()).isEqualTo(new RankAt(40, WEEK_AGO));
        assertThat(summary.changeSinceReference()).isEqualTo(-10);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void changesCompareRanksInTheNewestMainCategoryOnly(DatabaseKind kind) {
        open(kind).syncTargets(List.of(target("A")));
        write(ok("A", 0, daysAgo(3), daysAgo(3), main("Books", "283155", 1_000), sub("Python", "285856", 7)),
                // a page that showed another main category in between
                ok("A", 0, daysAgo(2), daysAgo(2), main("Kindle Store", "133140", 5), sub("Python", "285856", 6)),
                ok("A", 0, daysAgo(1), daysAgo(1), main("Books", "283155", 800)));

        TargetSummary summary = store.targetSummaries(NOW, WEEK_AGO).get(0);

        assertThat(summary.mainCategory()).isEqualTo("Books");
        assertThat(summary.marketplace()).isEqualTo("amazon.com");
        assertThat(summary.previous()).isEqualTo(new RankAt(1_000, daysAgo(3)));
        assertThat(summary.reference()).isNull();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void lastOutcomeIsTheNewestAttemptWhateverItsAge(DatabaseKind kind) {
        open(kind).syncTargets(List.of(target("A"), target("B"), target("C")));
        write(okAt("A", daysAgo(2), 10), failed("A", 0, daysAgo(1), Outcome.BLOCKED),
                failed("B", 0, daysAgo(500), Outcome.NOT_RANKED));

        List<TargetSummary> summaries = store.targetSummaries(NOW, WEEK_AGO);

        assertThat(summaries).extracting(summary -> summary.target().key()).containsExactly("A", "B", "C");
        assertThat(summaries).extracting(TargetSummary::lastOutcome)
                .containsExactly(Outcome.BLOCKED, Outcome.NOT_RANKED, null);
        // failed("B") observes 2 s after its scheduled time
        assertThat(summaries.get(1).lastAttemptAt()).isEqualTo(daysAgo(500).plusSeconds(2));
        assertThat(summaries.get(1).latest()).isNull();
        assertThat(summaries.get(2).lastAttemptAt()).isNull();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void inactiveTargetsAreListedWithTheirRank(DatabaseKind kind) {
        open(kind).syncTargets(List.of(target("A"), target("B")));
        write(okAt("B", daysAgo(1), 10));
        store.syncTargets(List.of(target("A")));

        List<TargetSummary> summaries = store.targetSummaries(NOW, WEEK_AGO);

        assertThat(summaries).extracting(summary -> summary.target().active()).containsExactly(true, false);
        assertThat(summaries.get(1).latest().rank()).isEqualTo(10);
        assertThat(store.targets()).extracting(StoredTarget::key).containsExactly("A", "B");
    }

    /**
     * More targets than one statement searches ({@link TargetSummaries#CHUNK}), with histories
     * scattered over every search window: each summary is what the target's own attempts say.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void manyTargetsGetWhatTheirOwnAttemptsSay(DatabaseKind kind) {
        manyTargetsGetWhatTheirOwnAttemptsSay(kind, 900);
    }

    /**
     * The same in a young database, every attempt of the last 6 hours, where the windows that
     * end before the oldest attempt are not searched: the reference (a week ago) and most
     * previous ranks are found missing without a statement.
     */
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void manyTargetsOfAYoungDatabaseGetWhatTheirOwnAttemptsSay(DatabaseKind kind) {
        manyTargetsGetWhatTheirOwnAttemptsSay(kind, 0.25);
    }

    private void manyTargetsGetWhatTheirOwnAttemptsSay(DatabaseKind kind, double maxDays) {
        int targets = TargetSummaries.CHUNK + 234;
        Random random = new Random(7);
        List<Target> configured = new ArrayList<>();
        Map<String, List<Observation>> attempts = new HashMap<>();
        List<Observation> all = new ArrayList<>();
        for (int index = 0; index < targets; index++) {
            String key = String.format("T%05d", index);
            configured.add(target(key));
            List<Observation> own = new ArrayList<>();
            Set<Long> minutes = new HashSet<>();
            for (int count = random.nextInt(6); count > 0; count--) {
                // ages from minutes to maxDays, dense near now: every window gets its hits and misses
                long minute = (long) (Math.pow(random.nextDouble(), 3) * maxDays * 24 * 60) + 1;
                if (!minutes.add(minute)) {
                    continue;
                }
                Instant at = NOW.minus(Duration.ofMinutes(minute));
                own.add(random.nextInt(10) < 7 ? okAt(key, at, 1 + random.nextInt(1_000_000))
                        : failed(key, 0, at.minusSeconds(2), Outcome.TIMEOUT));
            }
            attempts.put(key, own);
            all.addAll(own);
        }
        open(kind).syncTargets(configured);
        write(all.toArray(Observation[]::new));

        List<TargetSummary> summaries = store.targetSummaries(NOW, WEEK_AGO);

        assertThat(summaries).hasSize(targets);
        for (TargetSummary summary : summaries) {
            List<Observation> own = attempts.get(summary.target().key());
            Observation last = own.stream().max(Comparator.comparing(Observation::observedAt)).orElse(null);
            List<Observation> ok = own.stream().filter(observation -> observation.outcome() == Outcome.OK)
                    .sorted(Comparator.comparing(Observation::observedAt).reversed()).toList();
            RankAt latest = ok.isEmpty() ? null : rankAt(ok.get(0));
            RankAt previous = ok.size() < 2 ? null : rankAt(ok.get(1));
            RankAt reference = ok.stream().filter(observation -> !observation.observedAt().isAfter(WEEK_AGO))
                    .findFirst().map(TargetSummariesTest::rankAt).orElse(null);
            assertThat(summary).as(summary.target().key()).isEqualTo(new TargetSummary(summary.target(),
                    latest == null ? null : "amazon.com", latest == null ? null : "Books", latest, previous, reference,
                    last == null ? null : last.outcome(), last == null ? null : last.observedAt()));
        }
    }

    private static RankAt rankAt(Observation observation) {
        return new RankAt(observation.mainRank().rank(), observation.observedAt());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void troubledRunsAreInterruptedOrSuspectRunsSinceTheGivenTime(DatabaseKind kind) {
        open(kind);
        long old = store.startRun(runStart("books", daysAgo(2), "node"));
        store.finishRun(old, daysAgo(2), RunStatus.SUSPECT, Map.of());
        long suspect = store.startRun(runStart("books", daysAgo(0.5), "node"));
        store.finishRun(suspect, daysAgo(0.5), RunStatus.SUSPECT, Map.of());
        long fine = store.startRun(runStart("books", daysAgo(0.4), "node"));
        store.finishRun(fine, daysAgo(0.4), RunStatus.COMPLETED, Map.of());
        long dead = store.startRun(runStart("books", daysAgo(0.3), "node"));
        store.markDanglingRunsInterrupted("node");

        assertThat(store.troubledRunsSince(daysAgo(1))).extracting(RunSummary::id).containsExactly(dead, suspect);
    }
}
