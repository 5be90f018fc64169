package io.rankkeeper.store;

import java.time.OffsetDateTime;
import java.util.Map;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMap;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Writes to the {@code scrape_run} table. */
interface RunDao {

    @SqlUpdate("""
            INSERT INTO scrape_run (group_name, shard, scheduled_at, started_at, node, reason, status, target_count)
            VALUES (:group, :shard, :scheduledAt, :startedAt, :node, :reason, 'RUNNING', :targetCount)
            """)
    @GetGeneratedKeys("id")
    long insert(String group, int shard, OffsetDateTime scheduledAt, OffsetDateTime startedAt, String node,
            String reason, int targetCount);

    /** {@code counts} holds one entry per count column, keyed by the column name. */
    @SqlUpdate("""
            UPDATE scrape_run
               SET ended_at = :endedAt, status = :status,
                   ok_count = :ok_count, not_ranked_count = :not_ranked_count, blocked_count = :blocked_count,
                   http_error_count = :http_error_count, network_error_count = :network_error_count,
                   timeout_count = :timeout_count, layout_changed_count = :layout_changed_count,
                   robots_denied_count = :robots_denied_count, backed_off_count = :backed_off_count,
                   too_large_count = :too_large_count
             WHERE id = :runId
            """)
    int finish(long runId, OffsetDateTime endedAt, String status, @BindMap Map<String, Integer> counts);

    /** Marks runs INTERRUPTED with counts recomputed from the observations that were committed. */
    String MARK_INTERRUPTED = """
            UPDATE scrape_run
               SET status = 'INTERRUPTED',
                   detail = :detail,
                   ok_count = (SELECT COUNT(*) FROM observation o WHERE o.run_id = scrape_run.id AND o.outcome = 'OK'),
                   not_ranked_count = (SELECT COUNT(*) FROM observation o WHERE o.run_id = scrape_run.id AND o.outcome = 'NOT_RANKED'),
                   blocked_count = (SELECT COUNT(*) FROM observation o WHERE o.run_id = scrape_run.id AND o.outcome = 'BLOCKED'),
                   http_error_count = (SELECT COUNT(*) FROM observation o WHERE o.run_id = scrape_run.id AND o.outcome = 'HTTP_ERROR'),
                   network_error_count = (SELECT COUNT(*) FROM observation o WHERE o.run_id = scrape_run.id AND o.outcome = 'NETWORK_ERROR'),
                   timeout_count = (SELECT COUNT(*) FROM observation o WHERE o.run_id = scrape_run.id AND o.outcome = 'TIMEOUT'),
                   layout_changed_count = (SELECT COUNT(*) FROM observation o WHERE o.run_id = scrape_run.id AND o.outcome = 'LAYOUT_CHANGED'),
                   robots_denied_count = (SELECT COUNT(*) FROM observation o WHERE o.run_id = scrape_run.id AND o.outcome = 'ROBOTS_DENIED'),
                   backed_off_count = (SELECT COUNT(*) FROM observation o WHERE o.run_id = scrape_run.id AND o.outcome = 'BACKED_OFF'),
                   too_large_count = (SELECT COUNT(*) FROM observation o WHERE o.run_id = scrape_run.id AND o.outcome = 'TOO_LARGE')
            """;

    /**
     * Runs this node left RUNNING when its process died. The counts are recomputed from the
     * observations that were committed; ended_at stays null because nobody saw the end.
     */
    @SqlUpdate(MARK_INTERRUPTED + " WHERE status = 'RUNNING' AND node = :node")
    int markInterrupted(@Bind("node") String node, @Bind("detail") String detail);

    /**
     * The run of one shard and fire time that a dead node of the cluster left RUNNING, when
     * another node ({@code node}) runs it again.
     */
    @SqlUpdate(MARK_INTERRUPTED + """
             WHERE status = 'RUNNING' AND group_name = :group AND shard = :shard AND scheduled_at = :scheduledAt
               AND node <> :node
            """)
    int markRecoveredInterrupted(@Bind("group") String group, @Bind("shard") int shard,
            @Bind("scheduledAt") OffsetDateTime scheduledAt, @Bind("node") String node, @Bind("detail") String detail);

    /** The node of a finished (completed or suspect) run of this shard and fire time, if any. */
    @SqlQuery("""
            SELECT node FROM scrape_run
             WHERE group_name = :group AND shard = :shard AND scheduled_at = :scheduledAt
               AND status IN ('COMPLETED', 'SUSPECT')
             ORDER BY id
             FETCH FIRST 1 ROWS ONLY
            """)
    java.util.Optional<String> finishedBy(@Bind("group") String group, @Bind("shard") int shard,
            @Bind("scheduledAt") OffsetDateTime scheduledAt);
}
