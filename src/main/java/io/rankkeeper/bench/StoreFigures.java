package io.rankkeeper.bench;

import io.rankkeeper.store.Compaction;
import java.time.Duration;

/**
 * The measured figures of the storage part. Immutable.
 *
 * @param database the database written, as the report names it
 * @param observations observations written
 * @param targets distinct targets
 * @param runs scrape runs (scheduled times) they belong to
 * @param insert time to write them all, commits included
 * @param loadAverage the machine's load average before the part started
 * @param asWritten the reads of the database as the writes left it
 * @param compaction what the daemon's start did to the file afterwards
 * @param compacted the same reads on the compacted file, or null when it was not compacted
 */
record StoreFigures(String database, long observations, int targets, int runs, Duration insert, String loadAverage,
        ReadFigures asWritten, Compaction compaction, ReadFigures compacted) {

    double observationsPerSecond() {
        return observations / (Math.max(insert.toNanos(), 1) / 1e9);
    }

    /**
     * The reads of one state of the database file.
     *
     * @param databaseBytes size of the database (the H2 file, or the PostgreSQL schema's tables and indexes)
     * @param historyP50Millis median time of one target's whole history through {@code Store.history}
     * @param historyP95Millis 95th percentile of the same
     * @param latestRanks rows returned by {@code Store.latestRanks}
     * @param latestCold first call of {@code Store.latestRanks}
     * @param latestWarm second call
     * @param export the export command's figures
     */
    record ReadFigures(long databaseBytes, double historyP50Millis, double historyP95Millis, int latestRanks,
            Duration latestCold, Duration latestWarm, ExportFigures export) {
    }
}
