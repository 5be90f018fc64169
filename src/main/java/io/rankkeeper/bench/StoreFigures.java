package io.rankkeeper.bench;

import java.time.Duration;

/**
 * The measured figures of the storage part. Immutable.
 *
 * @param observations observations written
 * @param targets distinct targets
 * @param runs scrape runs (scheduled times) they belong to
 * @param insert time to write them all, commits included
 * @param databaseBytes size of the database file afterwards
 * @param historyP50Millis median time of one target's whole history through {@code Store.history}
 * @param historyP95Millis 95th percentile of the same
 * @param latestRanks rows returned by {@code Store.latestRanks}
 * @param latestCold first call of {@code Store.latestRanks}
 * @param latestWarm second call
 * @param loadAverage the machine's load average before the part started
 * @param export the export command's figures, or null before it ran
 */
record StoreFigures(long observations, int targets, int runs, Duration insert, long databaseBytes,
        double historyP50Millis, double historyP95Millis, int latestRanks, Duration latestCold, Duration latestWarm,
        String loadAverage, ExportFigures export) {

    StoreFigures withExport(ExportFigures figures) {
        return new StoreFigures(observations, targets, runs, insert, databaseBytes, historyP50Millis, historyP95Millis,
                latestRanks, latestCold, latestWarm, loadAverage, figures);
    }

    double observationsPerSecond() {
        return observations / (Math.max(insert.toNanos(), 1) / 1e9);
    }
}
