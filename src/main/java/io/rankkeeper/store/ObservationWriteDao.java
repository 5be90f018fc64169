package io.rankkeeper.store;

import java.time.OffsetDateTime;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The batched writes of the observation writer: one JDBC batch per statement and transaction.
 * Duplicate-safe inserts use {@code INSERT ... SELECT ... WHERE NOT EXISTS}, which both H2 and
 * PostgreSQL run as written; a concurrent duplicate still hits the unique key, and the writer
 * retries the batch.
 */
interface ObservationWriteDao {

    /** One observation row, ids resolved. */
    record ObservationRow(long id, long runId, long targetId, OffsetDateTime scheduledAt, OffsetDateTime observedAt,
            String outcome, Integer httpStatus, int attempts, long durationMs, long bytes, String finalUrl,
            String bodyHash, String extractor, int extractorVersion, String title, String detail) {
    }

    /** One rank row, also the candidate for latest_rank_entry. */
    record RankRow(long observationId, long targetId, long categoryId, OffsetDateTime observedAt, long rank,
            boolean main) {
    }

    /** The first id of a fresh block of {@link BatchingObservationWriter#ID_BLOCK_SIZE} observation ids. */
    @SqlQuery("SELECT nextval('observation_id_seq')")
    long nextIdBlock();

    /** Per row: 1 when inserted, 0 when (target, scheduled_at) was already stored. */
    @SqlBatch("""
            INSERT INTO observation (id, run_id, target_id, scheduled_at, observed_at, outcome, http_status, attempts,
                                     duration_ms, bytes, final_url, body_hash, extractor, extractor_version, title,
                                     detail)
            SELECT :id, :runId, :targetId, :scheduledAt, :observedAt, :outcome, :httpStatus, :attempts,
                   :durationMs, :bytes, :finalUrl, :bodyHash, :extractor, :extractorVersion, :title, :detail
             WHERE NOT EXISTS (SELECT 1 FROM observation WHERE target_id = :targetId AND scheduled_at = :scheduledAt)
            """)
    int[] insertObservations(@BindMethods Iterable<ObservationRow> rows);

    @SqlBatch("""
            INSERT INTO rank (observation_id, category_id, rank, is_main)
            VALUES (:observationId, :categoryId, :rank, :main)
            """)
    void insertRanks(@BindMethods Iterable<RankRow> rows);

    /** Per row: 1 when moved forward, 0 when absent or when the stored one is as new or newer. */
    @SqlBatch("""
            UPDATE latest_rank_entry
               SET observation_id = :observationId, observed_at = :observedAt, rank = :rank, is_main = :main
             WHERE target_id = :targetId AND category_id = :categoryId AND observed_at < :observedAt
            """)
    int[] advanceLatest(@BindMethods Iterable<RankRow> rows);

    @SqlBatch("""
            INSERT INTO latest_rank_entry (target_id, category_id, observation_id, observed_at, rank, is_main)
            SELECT :targetId, :categoryId, :observationId, :observedAt, :rank, :main
             WHERE NOT EXISTS (SELECT 1 FROM latest_rank_entry WHERE target_id = :targetId AND category_id = :categoryId)
            """)
    void insertLatestIfAbsent(@BindMethods Iterable<RankRow> rows);
}
