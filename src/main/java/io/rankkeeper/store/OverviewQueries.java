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
 * Reads for the {@code targets} and {@code status} commands; the newest rows per target are in
 * {@link NewestRows}.
 */
interface OverviewQueries {

    @SqlQuery("""
            SELECT id, target_key AS "key", group_name AS "group", url, label, item_id, active
              FROM target
             ORDER BY target_key
            """)
    @RegisterConstructorMapper(StoredTarget.class)
    List<StoredTarget> targets();

    @SqlQuery("""
            SELECT id, target_key AS "key", group_name AS "group", url, label, item_id, active
              FROM target
             WHERE target_key = :key
            """)
    @RegisterConstructorMapper(StoredTarget.class)
    Optional<StoredTarget> target(String key);

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

    /**
     * When the oldest attempt of all was made, or null when there is none: read from the first
     * entry of {@code observation_observed_idx (observed_at, id)}, on H2 and PostgreSQL alike.
     */
    @SqlQuery("SELECT MIN(observed_at) FROM observation")
    OffsetDateTime oldestAttempt();

    /** An attempt's outcome and when it finished. */
    record AttemptRow(Outcome outcome, Instant observedAt) {
    }

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
