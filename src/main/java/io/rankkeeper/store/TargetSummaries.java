package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/**
 * Builds {@link TargetSummary} rows: the newest main rank from the maintained
 * {@code latest_rank_entry}, then, for a thousand targets a statement ({@link NewestRows}), the
 * ranks to compare with and the newest outcome.
 *
 * <p>"The newest row before T" is searched window by window, going back in time (3 hours, then
 * the 21 hours before, the 6 days before that, and so on), because H2 answers {@code ORDER BY
 * observed_at DESC LIMIT 1} by reading the target's whole index range, not from its end. A bounded
 * window is a short range read on {@code observation(target_id, observed_at)}: a target observed
 * hourly costs about 3 index rows, whatever the size of its history; only a target that has not
 * succeeded for a year reads further back. Each window is one statement for every target of the
 * chunk not found yet, so a window that finds nothing costs an index seek per target, not a
 * query: the first window is short (it was 1 day, 24 rows an hourly target, when each window was
 * a query per target). No window is searched that ends at or before the oldest attempt in the
 * database: in a young database (one run of 100,000 targets) every search but the newest attempt's
 * missed every window, and cost 1.2 M index seeks. Stateless apart from its Jdbi, thread-safe.
 */
final class TargetSummaries {

    /** The ends of the windows searched, going back from the starting point; the last one is "ever". */
    static final List<Duration> WINDOWS = List.of(Duration.ofHours(3), Duration.ofDays(1), Duration.ofDays(7),
            Duration.ofDays(30), Duration.ofDays(365));
    /** Lower bound of the last window: before any observation can exist. */
    static final OffsetDateTime BEGINNING = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    /** Upper bound for "the newest attempt": after any observation can exist. */
    static final OffsetDateTime END_OF_TIME = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);
    /** Targets searched in one statement. */
    static final int CHUNK = 1000;

    private final Jdbi jdbi;

    TargetSummaries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<TargetSummary> read(Instant now, Instant reference, Predicate<StoredTarget> which) {
        try {
            return summaries(now, reference, which);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the targets' newest attempts and ranks: " + e.getMessage(), e);
        }
    }

    private List<TargetSummary> summaries(Instant now, Instant reference, Predicate<StoredTarget> which)
            throws SQLException {
        return jdbi.inTransaction(handle -> {
            OverviewQueries queries = handle.attach(OverviewQueries.class);
            Connection connection = handle.getConnection();
            List<StoredTarget> targets = queries.targets().stream().filter(which).toList();
            OffsetDateTime oldest = queries.oldestAttempt();
            Map<Long, OverviewQueries.MainRankRow> mainRanks = newestMainRankPerTarget(queries.latestMainRanks());
            List<Search> lastAttempts = new ArrayList<>();
            List<Search> previous = new ArrayList<>();
            List<Search> atReference = new ArrayList<>();
            Instant referenceEnd = reference.plusNanos(1000);
            for (StoredTarget target : targets) {
                lastAttempts.add(new Search(target.id(), 0, now, END_OF_TIME));
                OverviewQueries.MainRankRow main = mainRanks.get(target.id());
                if (main != null) {
                    previous.add(new Search(target.id(), main.categoryId(), main.observedAt(), utc(main.observedAt())));
                    atReference.add(new Search(target.id(), main.categoryId(), referenceEnd, utc(referenceEnd)));
                }
            }
            Map<Long, OverviewQueries.AttemptRow> attempts = newestBefore(lastAttempts, oldest,
                    bounds -> NewestRows.attempts(connection, bounds));
            Map<Long, RankAt> previousRanks = newestBefore(previous, oldest,
                    bounds -> NewestRows.ranks(connection, bounds));
            Map<Long, RankAt> referenceRanks = newestBefore(atReference, oldest,
                    bounds -> NewestRows.ranks(connection, bounds));
            List<TargetSummary> summaries = new ArrayList<>(targets.size());
            for (StoredTarget target : targets) {
                OverviewQueries.MainRankRow main = mainRanks.get(target.id());
                OverviewQueries.AttemptRow attempt = attempts.get(target.id());
                Outcome lastOutcome = attempt == null ? null : attempt.outcome();
                Instant lastAttemptAt = attempt == null ? null : attempt.observedAt();
                summaries.add(main == null
                        ? new TargetSummary(target, null, null, null, null, null, lastOutcome, lastAttemptAt)
                        : new TargetSummary(target, main.marketplace(), main.categoryName(),
                                new RankAt(main.rank(), main.observedAt()), previousRanks.get(target.id()),
                                referenceRanks.get(target.id()), lastOutcome, lastAttemptAt));
            }
            return summaries;
        });
    }

    /**
     * One target's search: the newest row before {@code end} (in {@code category} for a rank),
     * through windows that go back from {@code start}.
     */
    record Search(long targetId, long categoryId, Instant start, OffsetDateTime end) {
    }

    /** One statement: the newest row per target within each target's bounds. */
    interface Statement<T> {
        Map<Long, T> newest(List<NewestRows.Bounds> bounds) throws SQLException;
    }

    /**
     * For each search, {@code [start - 3 hours, end)}, then each older window in turn, down to the
     * beginning; the first hit is the newest row. A chunk of searches goes window by window
     * together, each statement asking only for the targets not found yet. A search ends with
     * nothing found once its windows end at or before {@code oldest}, the oldest attempt of all
     * (null: there is none).
     */
    static <T> Map<Long, T> newestBefore(List<Search> searches, OffsetDateTime oldest, Statement<T> statement)
            throws SQLException {
        Map<Long, T> found = new HashMap<>();
        if (oldest == null) {
            return found;
        }
        for (int from = 0; from < searches.size(); from += CHUNK) {
            List<Search> pending = searches.subList(from, Math.min(searches.size(), from + CHUNK));
            Map<Long, OffsetDateTime> upper = new HashMap<>();
            pending.forEach(search -> upper.put(search.targetId(), search.end()));
            for (int window = 0; window <= WINDOWS.size(); window++) {
                // a search is done once found, or once searched down to the oldest attempt of all
                pending = pending.stream().filter(search -> !found.containsKey(search.targetId())
                        && upper.get(search.targetId()).isAfter(oldest)).toList();
                if (pending.isEmpty()) {
                    break;
                }
                List<NewestRows.Bounds> bounds = new ArrayList<>();
                for (Search search : pending) {
                    OffsetDateTime before = upper.get(search.targetId());
                    OffsetDateTime lower = window == WINDOWS.size() ? BEGINNING
                            : utc(search.start().minus(WINDOWS.get(window)));
                    // a window that ends before it starts is skipped, as the last one never is
                    if (window == WINDOWS.size() || lower.isBefore(before)) {
                        bounds.add(new NewestRows.Bounds(search.targetId(), search.categoryId(), lower, before));
                        upper.put(search.targetId(), lower);
                    }
                }
                if (!bounds.isEmpty()) {
                    found.putAll(statement.newest(bounds));
                }
            }
        }
        return found;
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
