package io.rankkeeper.bench;

import io.rankkeeper.model.CategoryRank;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's independent check of what a run stored, read with plain JDBC (deliberately not
 * through the store code under test): per target, the set of (category, rank, main) of its
 * observation in the run, compared with what the server served. Stateless.
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

    /** The result of a check. */
    record Check(int observations, int mismatches) {
    }

    private StoredRanks() {
    }

    /** Call after the engine is closed: opens the database file on its own. */
    static Check check(String url, long runId, int targets) {
        try (Connection connection = DriverManager.getConnection(url)) {
            Map<String, Set<String>> stored = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(RANKS_OF_RUN)) {
                query.setLong(1, runId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        stored.computeIfAbsent(rows.getString(1), key -> new HashSet<>())
                                .add(key(rows.getString(2), rows.getLong(3), rows.getBoolean(4)));
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
                Set<String> expected = new HashSet<>();
                for (CategoryRank rank : BenchCatalog.ranks(index)) {
                    expected.add(key(rank.category(), rank.rank(), rank.main()));
                }
                if (!expected.equals(stored.get(FetchScenario.GROUP + "/" + BenchCatalog.asin(index)))) {
                    mismatches++;
                }
            }
            return new Check(observations, mismatches);
        } catch (SQLException error) {
            throw new IllegalStateException("Cannot read the benchmark database " + url + ": " + error.getMessage(),
                    error);
        }
    }

    private static String key(String category, long rank, boolean main) {
        return category + "\u0000" + rank + "\u0000" + main;
    }
}
