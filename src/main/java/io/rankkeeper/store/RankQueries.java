package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads of ranks and observations for the CLI. */
interface RankQueries {

    @SqlQuery("""
            SELECT target_key, label, group_name, active, marketplace, category_name, node_id, rank, is_main AS main,
                   observed_at, observation_id
              FROM latest_rank
             ORDER BY target_key, is_main DESC, category_name, node_id
            """)
    @RegisterConstructorMapper(LatestRank.class)
    List<LatestRank> latestRanks();

    record ObservationHistoryRow(long id, long runId, java.time.Instant scheduledAt, java.time.Instant observedAt,
            Outcome outcome, Integer httpStatus, int attempts, long durationMs, long bytes, String finalUrl,
            String extractor, int extractorVersion, String title, String detail) {
    }

    record RankHistoryRow(long observationId, String marketplace, String categoryName, String nodeId, long rank,
            boolean main) {
    }

    @SqlQuery("""
            SELECT o.id, o.run_id, o.scheduled_at, o.observed_at, o.outcome, o.http_status, o.attempts, o.duration_ms,
                   o.bytes, o.final_url, o.extractor, o.extractor_version, o.title, o.detail
              FROM observation o
             WHERE o.target_id = (SELECT id FROM target WHERE target_key = :targetKey)
               AND o.observed_at >= :from AND o.observed_at < :to
             ORDER BY o.observed_at, o.id
            """)
    @RegisterConstructorMapper(ObservationHistoryRow.class)
    List<ObservationHistoryRow> observations(String targetKey, OffsetDateTime from, OffsetDateTime to);

    @SqlQuery("""
            SELECT r.observation_id, c.marketplace, c.name AS category_name, c.node_id, r.rank, r.is_main AS main
              FROM observation o
              JOIN rank r     ON r.observation_id = o.id
              JOIN category c ON c.id = r.category_id
             WHERE o.target_id = (SELECT id FROM target WHERE target_key = :targetKey)
               AND o.observed_at >= :from AND o.observed_at < :to
             ORDER BY r.observation_id, r.is_main DESC, c.name
            """)
    @RegisterConstructorMapper(RankHistoryRow.class)
    List<RankHistoryRow> ranks(String targetKey, OffsetDateTime from, OffsetDateTime to);
}
