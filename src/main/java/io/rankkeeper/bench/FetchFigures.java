package io.rankkeeper.bench;

import java.time.Duration;

/**
 * The measured figures of one fetch scenario. Immutable.
 *
 * @param latencyMillis server latency per response
 * @param concurrency requests in flight (C)
 * @param targets targets in the run (K)
 * @param warmupPages pages of the unreported warm-up runs the scenario made first, in its engine
 * @param elapsed the run's duration, start to last observation committed
 * @param clientCpuNanos CPU time of the client JVM during the run (all its threads)
 * @param jitNanos of it, the JIT compiler threads' CPU time (-1 when unknown)
 * @param gcNanos of it, the garbage collector's CPU time (-1 when unknown)
 * @param serverCpuNanos CPU time of the server JVM during the run
 * @param peakRssKib the client JVM's peak RSS during the run, -1 when unknown
 * @param mismatches targets whose stored ranks differ from the served ones (or are missing)
 * @param notOk attempts with another outcome than OK, plus targets never attempted
 * @param storedObservations observations found in the database for the run
 * @param loadAverage the machine's load average just before the run
 * @param outcomes the count per outcome, as the run reported it
 */
record FetchFigures(int latencyMillis, int concurrency, int targets, int warmupPages, Duration elapsed,
        long clientCpuNanos, long jitNanos, long gcNanos, long serverCpuNanos, long peakRssKib, int mismatches, int notOk,
        int storedObservations, String loadAverage, String outcomes) {

    double seconds() {
        return Math.max(elapsed.toNanos(), 1) / 1e9;
    }

    double pagesPerSecond() {
        return targets / seconds();
    }

    /** K x latency / C in seconds: the run's duration if only waiting for responses took time; NaN at 0 ms. */
    double ioLimitSeconds() {
        return latencyMillis == 0 ? Double.NaN : (double) targets * latencyMillis / 1000.0 / concurrency;
    }

    /** Ideal time over actual time; NaN at 0 ms. */
    double shareOfIoLimit() {
        return ioLimitSeconds() / seconds();
    }

    double clientCpuMillisPerPage() {
        return clientCpuNanos / 1e6 / Math.max(targets, 1);
    }

    /** NaN when unknown. */
    double jitMillisPerPage() {
        return jitNanos < 0 ? Double.NaN : jitNanos / 1e6 / Math.max(targets, 1);
    }

    /** NaN when unknown. */
    double gcMillisPerPage() {
        return gcNanos < 0 ? Double.NaN : gcNanos / 1e6 / Math.max(targets, 1);
    }

    double serverCpuMillisPerPage() {
        return serverCpuNanos / 1e6 / Math.max(targets, 1);
    }
}
