package io.rankkeeper.store;

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
}
