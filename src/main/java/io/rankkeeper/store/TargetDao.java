package io.rankkeeper.store;

import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.BatchChunkSize;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The {@code target} table. Its batches go to the database {@value #CHUNK} rows at a time: Jdbi
 * otherwise binds the whole batch first, and 100,000 targets took more than a 128 MB heap.
 */
interface TargetDao {

    int CHUNK = 1_000;

    /** A target as stored. */
    record TargetRow(long id, String targetKey, String groupName, String url, String label, String itemId,
            boolean active) {
    }

    @SqlQuery("""
            SELECT id, target_key, group_name, url, label, item_id, active
              FROM target
            """)
    @RegisterConstructorMapper(TargetRow.class)
    List<TargetRow> all();

    @SqlBatch("""
            INSERT INTO target (target_key, group_name, url, label, item_id, active, first_seen_at, updated_at)
            VALUES (:targetKey, :groupName, :url, :label, :itemId, TRUE, :now, :now)
            """)
    @BatchChunkSize(CHUNK)
    void insert(@BindMethods Iterable<TargetRow> targets, @Bind("now") OffsetDateTime now);

    @SqlBatch("""
            UPDATE target
               SET group_name = :groupName, url = :url, label = :label, item_id = :itemId, active = TRUE,
                   updated_at = :now
             WHERE target_key = :targetKey
            """)
    @BatchChunkSize(CHUNK)
    void update(@BindMethods Iterable<TargetRow> targets, @Bind("now") OffsetDateTime now);

    @SqlBatch("""
            UPDATE target SET active = FALSE, updated_at = :now WHERE target_key = :targetKey
            """)
    @BatchChunkSize(CHUNK)
    void deactivate(@Bind("targetKey") Iterable<String> targetKeys, @Bind("now") OffsetDateTime now);
}
