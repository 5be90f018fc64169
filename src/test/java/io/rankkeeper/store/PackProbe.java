package io.rankkeeper.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;

/** Not a test: packs every stored attempt of a kept H2 database, for profiling the history read. */
public final class PackProbe {

    private PackProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + args[0])) {
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            int packed = HistoryPacker.pass(connection, Instant.parse("3000-01-01T00:00:00Z"));
            connection.commit();
            System.out.printf("packed %,d in %.1f s%n", packed, (System.nanoTime() - start) / 1e9);
        }
    }
}
