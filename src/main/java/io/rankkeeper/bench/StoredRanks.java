package io.rankkeeper.bench;

import io.rankkeeper.model.CategoryRank;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.List;

/**
 * The benchmark's independent check of what a run stored, read with plain JDBC (deliberately not
 * through the store code under test): per target, the (category, rank, main) of its observation
 * in the run must be exactly what the server served. Streams the rows (lazy query execution) and
 * keeps a few bits per target, so that a check of 60,000 targets fits a 128 MB heap beside the
 * rest of the benchmark: the sets of keys it kept before ran the benchmark out of heap there.
 * Stateless.
 */
final class StoredRanks {

    private static final String RANKS_OF_RUN = """
            SELECT t.target_key, c.name, r.rank, r.is_main
              FROM observation o
              JOIN target t ON t.id = o.target_id
              JOIN rank r ON r.observation_id = o.id
              JOIN category c ON c.id = r.category_id
             WHERE o.run_id = ?""";
    private static final String OBSERVATIONS_OF_RUN = "SELECT COUNT(*) FROM observation WHERE run_id = ?";
    private static final String KEY_PREFIX = FetchScenario.GROUP + "/";
    private static final int FETCH_SIZE = 1_000;

    /** The result of a check. */
    record Check(int observations, int mismatches) {
    }

    private StoredRanks() {
    }

    /**
     * Call after the engine is closed: opens the database file on its own. A target mismatches
     * when a served rank was not stored, or a stored rank was not served or stored twice.
     */
    static Check check(String url, long runId, int targets) {
        // bit i of seen[target]: the target's i-th served rank was stored
        byte[] seen = new byte[targets];
        BitSet wrong = new BitSet(targets);
        try (Connection connection = DriverManager.getConnection(url + ";LAZY_QUERY_EXECUTION=TRUE")) {
            try (PreparedStatement query = connection.prepareStatement(RANKS_OF_RUN)) {
                query.setFetchSize(FETCH_SIZE);
                query.setLong(1, runId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        int index = targetIndex(rows.getString(1));
                        if (index < 0 || index >= targets) {
                            continue;
                        }
                        int served = servedAt(BenchCatalog.ranks(index), rows.getString(2), rows.getLong(3),
                                rows.getBoolean(4));
                        if (served < 0 || (seen[index] & (1 << served)) != 0) {
                            wrong.set(index);
                        } else {
                            seen[index] |= (byte) (1 << served);
                        }
                    }
                }
            }
            int observations;
            try (PreparedStatement count = connection.prepareStatement(OBSERVATIONS_OF_RUN)) {
                count.setLong(1, runId);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    observations = rows.getInt(1);
                }
            }
            int mismatches = 0;
            for (int index = 0; index < targets; index++) {
                int all = (1 << BenchCatalog.ranks(index).size()) - 1;
                if (wrong.get(index) || seen[index] != all) {
                    mismatches++;
                }
            }
            return new Check(observations, mismatches);
        } catch (SQLException error) {
            throw new IllegalStateException("Cannot read the benchmark database " + url + ": " + error.getMessage(),
                    error);
        }
    }

    /** The index of a bench target key ({@code bench/<asin>}), or -1. */
    private static int targetIndex(String targetKey) {
        return targetKey.startsWith(KEY_PREFIX) ? BenchCatalog.indexOfAsin(targetKey.substring(KEY_PREFIX.length()))
                : -1;
    }

    /** Which of the served ranks is this one, or -1 when none is. */
    private static int servedAt(List<CategoryRank> served, String category, long rank, boolean main) {
        for (int index = 0; index < served.size(); index++) {
            CategoryRank candidate = served.get(index);
            if (candidate.category().equals(category) && candidate.rank() == rank && candidate.main() == main) {
                return index;
            }
        }
        return -1;
    }
}
