package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads of {@code scrape_run} for the CLI. */
@RegisterRowMapper(RunQueries.RunSummaryMapper.class)
interface RunQueries {

    /** The newest run of each group and shard (ids grow with time; MAX(id) uses the group index). */
    @SqlQuery("""
            SELECT *
              FROM scrape_run
             WHERE id IN (SELECT MAX(id) FROM scrape_run GROUP BY group_name, shard)
             ORDER BY group_name, shard
            """)
    List<RunSummary> lastRuns();

    @SqlQuery("SELECT * FROM scrape_run WHERE id = :runId")
    Optional<RunSummary> run(long runId);

    /** Maps a scrape_run row, its count columns into one map by outcome. */
    final class RunSummaryMapper implements RowMapper<RunSummary> {

        @Override
        public RunSummary map(ResultSet rs, StatementContext ctx) throws SQLException {
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                counts.put(outcome, rs.getInt(countColumn(outcome)));
            }
            return new RunSummary(rs.getLong("id"), rs.getString("group_name"), rs.getInt("shard"),
                    instant(rs.getTimestamp("scheduled_at")), instant(rs.getTimestamp("started_at")),
                    instant(rs.getTimestamp("ended_at")), rs.getString("node"),
                    RunReason.valueOf(rs.getString("reason")), RunStatus.valueOf(rs.getString("status")),
                    rs.getInt("target_count"), counts, rs.getString("detail"));
        }

        private static Instant instant(Timestamp timestamp) {
            return timestamp == null ? null : timestamp.toInstant();
        }
    }

    /** {@code scrape_run}'s count column of an outcome: OK -> ok_count. */
    static String countColumn(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT) + "_count";
    }
}
