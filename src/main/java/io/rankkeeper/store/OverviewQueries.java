package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Reads for the {@code targets} and {@code status} commands. Every per-target query is a range
 * on the index {@code observation(target_id, observed_at)} between two bounds, never an open
 * "ORDER BY ... LIMIT 1" (H2 reads the whole index prefix for that; see {@link TargetSummaries}).
 */
interface OverviewQueries {

    @SqlQuery("""
            SELECT id, target_key AS "key", group_name AS "group", url, label, item_id, active
              FROM target
             ORDER BY target_key
            """)
    @RegisterConstructorMapper(StoredTarget.class)
    List<StoredTarget> targets();

    /** A row of latest_rank_entry for a main category, with the category's names. */
    record MainRankRow(long targetId, long categoryId, String marketplace, String categoryName, long rank,
            Instant observedAt) {
    }

    @SqlQuery("""
            SELECT l.target_id, l.category_id, c.marketplace, c.name AS category_name, l.rank, l.observed_at
              FROM latest_rank_entry l
              JOIN category c ON c.id = l.category_id
             WHERE l.is_main
            """)
    @RegisterConstructorMapper(MainRankRow.class)
    List<MainRankRow> latestMainRanks();

    /** The newest OK observation's rank in a category with {@code from <= observed_at < before}. */
    @SqlQuery("""
            SELECT r.rank, o.observed_at
              FROM observation o
              JOIN rank r ON r.observation_id = o.id AND r.category_id = :categoryId
             WHERE o.target_id = :targetId AND o.observed_at >= :from AND o.observed_at < :before
               AND o.outcome = 'OK'
             ORDER BY o.observed_at DESC, o.id DESC
             FETCH FIRST 1 ROW ONLY
            """)
    @RegisterConstructorMapper(RankAt.class)
    Optional<RankAt> newestRankBetween(long targetId, long categoryId, OffsetDateTime from, OffsetDateTime before);

    /** An attempt's outcome and when it finished. */
    record AttemptRow(Outcome outcome, Instant observedAt) {
    }

    /** The newest attempt with {@code from <= observed_at < before}, whatever its outcome. */
    @SqlQuery("""
            SELECT outcome, observed_at
              FROM observation
             WHERE target_id = :targetId AND observed_at >= :from AND observed_at < :before
             ORDER BY observed_at DESC, id DESC
             FETCH FIRST 1 ROW ONLY
            """)
    @RegisterConstructorMapper(AttemptRow.class)
    Optional<AttemptRow> newestAttemptBetween(long targetId, OffsetDateTime from, OffsetDateTime before);

    /** Interrupted and suspect runs started at or after {@code since}, newest first (uses the status index). */
    @SqlQuery("""
            SELECT *
              FROM scrape_run
             WHERE status IN ('INTERRUPTED', 'SUSPECT') AND started_at >= :since
             ORDER BY started_at DESC, id DESC
            """)
    @RegisterRowMapper(RunQueries.RunSummaryMapper.class)
    List<RunSummary> troubledRunsSince(OffsetDateTime since);
}
