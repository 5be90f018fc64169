package io.rankkeeper.bench;

import io.rankkeeper.model.JdbcUrls;
import java.util.List;
import java.util.Locale;

/**
 * What the benchmark measures. Immutable.
 *
 * @param targets targets per scrape run (K)
 * @param latenciesMillis response latencies of the server, one scenario set each
 * @param concurrencies requests in flight (C), one scenario each per latency
 * @param gzip serve pages gzip-compressed (uncompressed otherwise)
 * @param hosts loopback addresses the server listens on
 * @param warmupTargets targets of the unreported warm-up run before the scenarios (0: none)
 * @param scenarioWarmupTargets targets of the unreported run each scenario makes with its own latency and
 *     concurrency, in its engine, before the measured run (0: none; at most {@code targets})
 * @param observations observations in the storage part (0: skip it)
 * @param storeUrl a PostgreSQL JDBC URL for the storage part (a fresh schema in it), or null for a
 *     fresh H2 file
 */
public record BenchSettings(int targets, List<Integer> latenciesMillis, List<Integer> concurrencies, boolean gzip,
        int hosts, int warmupTargets, int scenarioWarmupTargets, long observations, String storeUrl) {

    public static final int DEFAULT_TARGETS = 5_000;
    public static final int DEFAULT_HOSTS = 8;
    public static final long DEFAULT_OBSERVATIONS = 10_000_000L;
    /** 127.0.0.2 .. 127.0.0.254. */
    public static final int MAX_HOSTS = 253;

    public BenchSettings {
        latenciesMillis = List.copyOf(latenciesMillis);
        concurrencies = List.copyOf(concurrencies);
        requireNotNegative("--targets", targets);
        requireNotNegative("--warmup", warmupTargets);
        requireNotNegative("--scenario-warmup", scenarioWarmupTargets);
        requireNotNegative("--observations", observations);
        if (scenarioWarmupTargets > targets) {
            throw new IllegalArgumentException("--scenario-warmup takes at most as many targets as --targets ("
                    + targets + "), was " + scenarioWarmupTargets + ": each scenario warms up on its first targets");
        }
        if (hosts < 1 || hosts > MAX_HOSTS) {
            throw new IllegalArgumentException("hosts must be from 1 to " + MAX_HOSTS + ", was " + hosts);
        }
        if (latenciesMillis.stream().anyMatch(latency -> latency < 0)) {
            throw new IllegalArgumentException("latencies must be 0 ms or more, were " + latenciesMillis);
        }
        if (concurrencies.stream().anyMatch(concurrency -> concurrency < 1)) {
            throw new IllegalArgumentException("concurrencies must be 1 or more, were " + concurrencies);
        }
        if (storeUrl != null && !storeUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--store-url takes a PostgreSQL JDBC URL (jdbc:postgresql://host/db"
                    + "?user=...), was " + JdbcUrls.masked(storeUrl) + "; without it the storage part uses a fresh H2"
                    + " file");
        }
        if (storeUrl != null && observations == 0) {
            throw new IllegalArgumentException("--store-url is where the storage part writes, and --observations 0"
                    + " skips that part: give --observations N, or leave out --store-url");
        }
    }

    private static void requireNotNegative(String option, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must be 0 or more, was " + value);
        }
    }

    /** A small configuration that finishes in well under a minute, for tests. */
    public static BenchSettings smoke(boolean gzip, int hosts, String storeUrl) {
        return new BenchSettings(200, List.of(0, 20), List.of(32), gzip, hosts, 100, 40, 20_000, storeUrl);
    }

    /** The default of {@link #scenarioWarmupTargets}: a fifth of the targets. */
    public static int defaultScenarioWarmup(int targets) {
        return targets / 5;
    }

    /** Per-host cap: requests in flight spread over the hosts, rounded up. */
    int perHostConcurrency(int concurrency) {
        return (concurrency + hosts - 1) / hosts;
    }
}
