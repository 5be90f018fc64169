package io.rankkeeper.bench;

import io.rankkeeper.config.CatchUp;
import io.rankkeeper.config.DatabaseConfig;
import io.rankkeeper.config.GroupConfig;
import io.rankkeeper.config.HttpConfig;
import io.rankkeeper.config.RankkeeperConfig;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.Target;
import io.rankkeeper.run.Engine;
import io.rankkeeper.run.RunListener;
import io.rankkeeper.run.RunResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One fetch scenario: a real scrape run of K targets through the whole pipeline (Engine: fetch,
 * extract, store) into a fresh H2 database, after an unreported run of some of them, timed, with
 * this JVM's CPU time and peak RSS (the server runs in another JVM), then every stored rank
 * checked against what the server served.
 * One instance per scenario; not thread-safe.
 */
final class FetchScenario {

    static final String GROUP = "bench";
    /**
     * Warm-up rounds a scenario runs at most. Found with a fifth of the targets as the only
     * round: at 0 ms with 32 in flight, the first scenario after the 0 ms warm-up, the JIT
     * compiler still took 0.14-0.22 ms of the 0.60-0.70 ms of CPU per page in the measured run
     * (JFR: a hundred and more deoptimizations in H2, Jetty and the JDK once the scenario's engine
     * and database were new, then C2 compilations of 0.1 to 1 s each well into the measured run).
     */
    static final int MAX_WARMUP_ROUNDS = 5;
    /** A round in which the JIT compiler took more than this share of the JVM's CPU is followed by another. */
    static final double COMPILING_SHARE = 0.10;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final PageServerProcess server;
    private final BenchSettings settings;
    private final Path workDir;

    FetchScenario(PageServerProcess server, BenchSettings settings, Path workDir) {
        this.server = server;
        this.settings = settings;
        this.workDir = workDir;
    }

    /**
     * Runs {@code targets} targets at the given latency and concurrency; returns the figures. First, in
     * the same engine and database, unreported runs of the first {@code warmupTargets} of them, until
     * one in which the JIT compiler took at most {@link #COMPILING_SHARE} of the JVM's CPU (at most
     * {@link #MAX_WARMUP_ROUNDS}; one where the compiler's time cannot be read): a JVM that switches
     * workloads (latency, requests in flight, a new engine and database) deoptimizes and recompiles
     * its hot methods for some seconds, as a daemon does only once (JFR: a few hundred
     * deoptimizations at each switch, then recompilations that took most of the C2 compiler's time).
     */
    FetchFigures run(int targets, int warmupTargets, int latencyMillis, int concurrency) throws IOException {
        server.setLatencyMillis(latencyMillis);
        Path dir = Files.createTempDirectory(workDir, "fetch-" + latencyMillis + "ms-c" + concurrency + "-");
        String url = "jdbc:h2:file:" + dir.resolve("rankkeeper").toAbsolutePath();
        RankkeeperConfig config = config(url, targets, concurrency);
        String load = ProcessStats.loadAverage();
        RunResult result;
        long cpuNanos;
        long jitNanos;
        long gcNanos;
        long serverCpuNanos;
        long peakRss;
        int warmupRounds;
        try (Engine engine = Engine.open(config)) {
            engine.syncTargets(config.allTargets());
            warmupRounds = warmUp(engine, config.groups().get(0), config.allTargets().subList(0, warmupTargets));
            System.gc(); // start every scenario from a collected heap, so the peak is its own
            ProcessStats.resetPeakRss();
            long serverCpuBefore = server.cpuNanos();
            long jitBefore = ProcessStats.jitNanos();
            long gcBefore = ProcessStats.gcNanos();
            long cpuBefore = ProcessStats.cpuNanos();
            result = engine.run(engine.manualRequest(config.groups().get(0), config.allTargets()), RunListener.NONE);
            cpuNanos = ProcessStats.cpuNanos() - cpuBefore;
            jitNanos = jitBefore < 0 ? -1 : ProcessStats.jitNanos() - jitBefore;
            gcNanos = gcBefore < 0 ? -1 : ProcessStats.gcNanos() - gcBefore;
            serverCpuNanos = server.cpuNanos() - serverCpuBefore;
            peakRss = ProcessStats.peakRssKib();
        }
        StoredRanks.Check check = StoredRanks.check(url, result.runId(), targets);
        int notOk = result.attempted() - result.counts().getOrDefault(Outcome.OK, 0);
        return new FetchFigures(latencyMillis, concurrency, targets, warmupRounds * warmupTargets, result.duration(),
                cpuNanos, jitNanos, gcNanos, serverCpuNanos, peakRss, check.mismatches(),
                notOk + (targets - result.attempted()), check.observations(), load, result.counts().toString());
    }

    /** The unreported warm-up runs of {@code first} (see {@link #run}); returns how many were made. */
    private static int warmUp(Engine engine, GroupConfig group, List<Target> first) {
        if (first.isEmpty()) {
            return 0;
        }
        return warmUpRounds(() -> engine.run(engine.manualRequest(group, first), RunListener.NONE),
                ProcessStats::jitNanos, ProcessStats::cpuNanos);
    }

    /**
     * Runs {@code round} until the JIT compiler's CPU time ({@code jitNanos}, negative when it
     * cannot be read: then once) grew by at most {@link #COMPILING_SHARE} of the JVM's
     * ({@code cpuNanos}) in one, {@link #MAX_WARMUP_ROUNDS} times at most; returns the rounds run.
     */
    static int warmUpRounds(Runnable round, LongSupplier jitNanos, LongSupplier cpuNanos) {
        int rounds = 0;
        boolean compiling = true;
        while (compiling && rounds < MAX_WARMUP_ROUNDS) {
            long jitBefore = jitNanos.getAsLong();
            long cpuBefore = cpuNanos.getAsLong();
            round.run();
            rounds++;
            long jitAfter = jitNanos.getAsLong();
            compiling = jitBefore >= 0 && jitAfter >= 0
                    && jitAfter - jitBefore > COMPILING_SHARE * (cpuNanos.getAsLong() - cpuBefore);
        }
        return rounds;
    }

    /** The page bodies the engine of a scenario of {@code targets} at {@code concurrency} reads at once in this JVM. */
    int bodiesAtOnce(int targets, int concurrency) {
        return Engine.bodiesAtOnce(http(concurrency), targets);
    }

    private HttpConfig http(int concurrency) {
        return new HttpConfig(HttpConfig.defaultUserAgent(), TIMEOUT, CONNECT_TIMEOUT, concurrency,
                settings.perHostConcurrency(concurrency), Duration.ZERO, 0, HttpConfig.DEFAULT_MAX_BODY_SIZE_BYTES,
                false);
    }

    private RankkeeperConfig config(String url, int targets, int concurrency) {
        HttpConfig http = http(concurrency);
        List<URI> hosts = server.baseUris();
        List<Target> list = new ArrayList<>(targets);
        for (int index = 0; index < targets; index++) {
            URI base = hosts.get(index % hosts.size());
            list.add(new Target(GROUP + "/" + BenchCatalog.asin(index), GROUP,
                    URI.create(base + BenchCatalog.path(index)), null, null));
        }
        GroupConfig group = new GroupConfig(GROUP, GroupConfig.DEFAULT_SCHEDULE, GroupConfig.DEFAULT_TIME_ZONE,
                ExtractorSpec.of(ExtractorKind.AMAZON), CatchUp.ONCE, false, 1, list);
        return new RankkeeperConfig(workDir.resolve("bench.yml"), new DatabaseConfig(url, null, null), http,
                List.of(group));
    }
}
