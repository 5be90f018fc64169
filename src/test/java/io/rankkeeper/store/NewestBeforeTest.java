package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The windows {@link TargetSummaries#newestBefore} asks a statement for, against a fake one. */
class NewestBeforeTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private final List<List<NewestRows.Bounds>> asked = new ArrayList<>();

    /** Rows at these times per target; the statement answers the newest within each bounds. */
    private final Map<Long, List<OffsetDateTime>> rows = new HashMap<>();

    private Map<Long, OffsetDateTime> newestBefore(List<TargetSummaries.Search> searches, OffsetDateTime oldest)
            throws Exception {
        return TargetSummaries.newestBefore(searches, oldest, bounds -> {
            asked.add(bounds);
            Map<Long, OffsetDateTime> newest = new HashMap<>();
            for (NewestRows.Bounds one : bounds) {
                rows.getOrDefault(one.targetId(), List.of()).stream()
                        .filter(at -> !at.isBefore(one.from()) && at.isBefore(one.before()))
                        .max(OffsetDateTime::compareTo).ifPresent(at -> newest.put(one.targetId(), at));
            }
            return newest;
        });
    }

    private static TargetSummaries.Search before(long target, Instant end) {
        return new TargetSummaries.Search(target, 0, end, end.atOffset(ZoneOffset.UTC));
    }

    private static OffsetDateTime hoursAgo(double hours) {
        return NOW.minus(Duration.ofMinutes((long) (hours * 60))).atOffset(ZoneOffset.UTC);
    }

    @Test
    void aDatabaseOfOneRunAsksOneWindowForTheRankBeforeItAndNoneForAWeekAgo() throws Exception {
        OffsetDateTime run = hoursAgo(1);
        List<TargetSummaries.Search> previous = new ArrayList<>();
        List<TargetSummaries.Search> weekAgo = new ArrayList<>();
        for (long target = 1; target <= 2_500; target++) {
            // the run's attempts over its 42 minutes; the oldest of all is the run's start
            OffsetDateTime attempt = run.plusSeconds(target);
            rows.put(target, List.of(attempt));
            previous.add(before(target, attempt.toInstant()));
            weekAgo.add(before(target, NOW.minus(Duration.ofDays(7))));
        }

        assertThat(newestBefore(previous, run)).isEmpty();
        assertThat(asked).as("one statement a chunk, for the first window only").hasSize(3);
        assertThat(asked.get(0)).hasSize(TargetSummaries.CHUNK);

        asked.clear();
        assertThat(newestBefore(weekAgo, run)).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void windowsGoBackUntilTheOldestAttemptAndFindWhatIsThere() throws Exception {
        // target 1: a row 10 days back, the oldest of all; target 2: nothing before now
        rows.put(1L, List.of(hoursAgo(240)));
        rows.put(2L, List.of(hoursAgo(0.5)));

        Map<Long, OffsetDateTime> found = newestBefore(List.of(before(1, NOW), before(2, NOW.minusSeconds(3600))),
                hoursAgo(240));

        assertThat(found).containsOnly(Map.entry(1L, hoursAgo(240)));
        // windows 3 h, 1 d, 7 d, 30 d: the 30-day one reaches past the oldest attempt, so the last
        // (since the beginning) is not asked
        assertThat(asked).hasSize(4);
        assertThat(asked.get(3)).extracting(NewestRows.Bounds::targetId).containsExactly(1L, 2L);
    }

    @Test
    void anEmptyDatabaseAsksNothing() throws Exception {
        assertThat(newestBefore(List.of(before(1, NOW)), null)).isEmpty();
        assertThat(asked).isEmpty();
    }
}
