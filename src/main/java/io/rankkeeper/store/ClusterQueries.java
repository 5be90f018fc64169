package io.rankkeeper.store;

import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Reads the cluster's nodes from Quartz's scheduler state table (written by Quartz, read here
 * only) and the runs each node started lately.
 */
interface ClusterQueries {

    /**
     * Each node in the scheduler state table, with the runs it started since {@code since}.
     * 'rankkeeper' is the scheduler name every node uses (schedule.RankScheduler).
     */
    @SqlQuery("""
            SELECT s.INSTANCE_NAME AS node_id, s.LAST_CHECKIN_TIME AS last_checkin_ms,
                   s.CHECKIN_INTERVAL AS checkin_interval_ms,
                   (SELECT COUNT(*) FROM scrape_run r WHERE r.node = s.INSTANCE_NAME AND r.started_at >= :since)
                       AS recent_runs
              FROM QRTZ_SCHEDULER_STATE s
             WHERE s.SCHED_NAME = 'rankkeeper'
             ORDER BY s.INSTANCE_NAME
            """)
    @RegisterConstructorMapper(NodeRow.class)
    List<NodeRow> nodes(OffsetDateTime since);

    /** One row of {@link #nodes}. */
    record NodeRow(String nodeId, long lastCheckinMs, long checkinIntervalMs, long recentRuns) {
    }
}
