package io.rankkeeper.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Jdbi;

/**
 * Builds {@link TargetSummary} rows: the newest main rank from the maintained
 * {@code latest_rank_entry}, then a few cheap per-target queries for the ranks to compare with and
 * the newest outcome.
 *
 * <p>"The newest row before T" is searched window by window, going back in time (1 day, then the
 * 6 days before, and so on), because H2 answers {@code ORDER BY observed_at DESC LIMIT 1} by
 * reading the target's whole index range, not from its end. A bounded window is a short range
 * read on {@code observation(target_id, observed_at)}: a target observed hourly costs about 24
 * index rows per query, whatever the size of its history; only a target that has not succeeded
 * for a year reads further back. Stateless apart from its Jdbi, thread-safe.
 */
final class TargetSummaries {

    /** The ends of the windows searched, going back from the starting point; the last one is "ever". */
    static final List<Duration> WINDOWS = List.of(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30),
            Duration.ofDays(365));
    /** Lower bound of the last window: before any observation can exist. */
    static final OffsetDateTime BEGINNING = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    /** Upper bound for "the newest attempt": after any observation can exist. */
    static final OffsetDateTime END_OF_TIME = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);

    private final Jdbi jdbi;

    TargetSummaries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<TargetSummary> read(Instant now, Instant reference) {
        return jdbi.inTransaction(handle -> {
            OverviewQueries queries = handle.attach(OverviewQueries.class);
            Map<Long, OverviewQueries.MainRankRow> mainRanks = newestMainRankPerTarget(queries.latestMainRanks());
            List<TargetSummary> summaries = new ArrayList<>();
            for (StoredTarget target : queries.targets()) {
                OverviewQueries.MainRankRow main = mainRanks.get(target.id());
                Optional<OverviewQueries.AttemptRow> attempt = newestBefore(END_OF_TIME, now,
                        (from, before) -> queries.newestAttemptBetween(target.id(), from, before));
                if (main == null) {
                    summaries.add(new TargetSummary(target, null, null, null, null, null,
                            attempt.map(OverviewQueries.AttemptRow::outcome).orElse(null),
                            attempt.map(OverviewQueries.AttemptRow::observedAt).orElse(null)));
                    continue;
                }
                RankAt previous = newestRankBefore(queries, target.id(), main.categoryId(), main.observedAt());
                RankAt atReference = newestRankBefore(queries, target.id(), main.categoryId(),
                        reference.plusNanos(1000));
                summaries.add(new TargetSummary(target, main.marketplace(), main.categoryName(),
                        new RankAt(main.rank(), main.observedAt()), previous, atReference,
                        attempt.map(OverviewQueries.AttemptRow::outcome).orElse(null),
                        attempt.map(OverviewQueries.AttemptRow::observedAt).orElse(null)));
            }
            return summaries;
        });
    }

    private static RankAt newestRankBefore(OverviewQueries queries, long targetId, long categoryId, Instant before) {
        OffsetDateTime end = utc(before);
        return newestBefore(end, before,
                (from, upTo) -> queries.newestRankBetween(targetId, categoryId, from, upTo)).orElse(null);
    }

    /**
     * Searches {@code [start - 1 day, end)}, then each older window in turn, down to the
     * beginning; the first hit is the newest row.
     */
    private static <T> Optional<T> newestBefore(OffsetDateTime end, Instant start,
            BiFunction<OffsetDateTime, OffsetDateTime, Optional<T>> query) {
        OffsetDateTime upper = end;
        for (Duration window : WINDOWS) {
            OffsetDateTime lower = utc(start.minus(window));
            if (lower.isBefore(upper)) {
                Optional<T> found = query.apply(lower, upper);
                if (found.isPresent()) {
                    return found;
                }
                upper = lower;
            }
        }
        return query.apply(BEGINNING, upper);
    }

    /** The main category can change over time: latest_rank_entry then holds one main row per category. */
    private static Map<Long, OverviewQueries.MainRankRow> newestMainRankPerTarget(
            List<OverviewQueries.MainRankRow> rows) {
        Map<Long, OverviewQueries.MainRankRow> newest = new HashMap<>();
        for (OverviewQueries.MainRankRow row : rows) {
            newest.merge(row.targetId(), row, (kept, candidate) -> candidate.observedAt().isAfter(kept.observedAt())
                    ? candidate : kept);
        }
        return newest;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
