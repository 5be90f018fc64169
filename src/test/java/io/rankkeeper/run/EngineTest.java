package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.config.CatchUp;
import io.rankkeeper.config.DatabaseConfig;
import io.rankkeeper.config.GroupConfig;
import io.rankkeeper.config.HttpConfig;
import io.rankkeeper.config.RankkeeperConfig;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {

    @TempDir
    Path dir;

    @Test
    void completesARunWithNoTargetsSuchAsAShardTheHashLeftEmpty() {
        Target target = new Target("shop/A", "books", URI.create("http://127.0.0.1:9/dp/A"), "A", null);
        GroupConfig group = new GroupConfig("books", "0 0 * * * ?", ZoneOffset.UTC, ExtractorSpec.of(ExtractorKind.AMAZON),
                CatchUp.ONCE, false, 1, List.of(target));
        RankkeeperConfig config = new RankkeeperConfig(dir.resolve("rankkeeper.yml"),
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db/rankkeeper"), null, null), HttpConfig.defaults(),
                List.of(group));
        try (Engine engine = Engine.open(config)) {
            engine.syncTargets(config.allTargets());

            RunResult result = engine.run(engine.manualRequest(group, List.of()), RunListener.NONE);

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.attempted()).isZero();
            assertThat(engine.store().run(result.runId()).status()).isEqualTo(RunStatus.COMPLETED);
        }
    }

    /**
     * A daemon replaces its config at each edit: an engine that kept the one it was opened with
     * held its targets for good (55 MB more after one edit of a 100,000-target config).
     */
    @Test
    void keepsNoReferenceToTheConfigItWasOpenedWith() throws InterruptedException {
        RankkeeperConfig config = new RankkeeperConfig(dir.resolve("rankkeeper.yml"),
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db/rankkeeper"), null, null), HttpConfig.defaults(),
                List.of(new GroupConfig("books", "0 0 * * * ?", ZoneOffset.UTC, ExtractorSpec.of(ExtractorKind.AMAZON),
                        CatchUp.ONCE, false, 1, List.of(new Target("shop/A", "books",
                                URI.create("http://127.0.0.1:9/dp/A"), "A", null)))));
        java.lang.ref.WeakReference<RankkeeperConfig> opened = new java.lang.ref.WeakReference<>(config);
        try (Engine engine = Engine.open(config)) {
            engine.syncTargets(config.allTargets());
            config = null;
            for (int attempt = 0; attempt < 20 && opened.get() != null; attempt++) {
                System.gc();
                Thread.sleep(50);
            }

            assertThat(opened.get()).as("the config the engine was opened with, once its caller let go").isNull();
            assertThat(engine.node()).isNotEmpty();
        }
    }

    /**
     * Pages between request and stored observation are what the heap holds, and the engine sizes
     * its window for one run's worth of them. Groups that run at once share it: each alone would
     * take a whole window, and the pages piled up when storing was slow (three groups ran a 128 MB
     * daemon out of memory).
     */
    @Test
    void runsOfSeveralGroupsAtOnceHoldNoMorePagesThanOneWindow() throws Exception {
        int maxConcurrency = 8;
        int window = maxConcurrency + Engine.QUEUED_PAGES_PER_WORKER * Runtime.getRuntime().availableProcessors();
        try (TestShop shop = new TestShop()) {
            List<GroupConfig> groups = new ArrayList<>();
            for (int host = 0; host < 2; host++) {
                List<Target> targets = new ArrayList<>();
                for (int index = 0; index < 4 * window; index++) {
                    String asin = "G" + host + "N" + index;
                    targets.add(new Target("shop/" + asin, "g" + host, URI.create(shop.url(host, asin)), asin, null));
                }
                groups.add(new GroupConfig("g" + host, "0 0 * * * ?", ZoneOffset.UTC,
                        ExtractorSpec.of(ExtractorKind.AMAZON), CatchUp.ONCE, false, 1, targets));
            }
            HttpConfig defaults = HttpConfig.defaults();
            HttpConfig http = new HttpConfig(defaults.userAgent(), defaults.timeout(), defaults.connectTimeout(),
                    maxConcurrency, maxConcurrency, Duration.ZERO, 0, defaults.maxBodySize(), false);
            RankkeeperConfig config = new RankkeeperConfig(dir.resolve("rankkeeper.yml"),
                    new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db/rankkeeper"), null, null), http, groups);
            AtomicLong observed = new AtomicLong();
            AtomicLong mostHeld = new AtomicLong();
            RunListener slowStore = new RunListener() {
                @Override
                public void observed(Target target, Observation observation) {
                    // This page is still held; every request the shop saw and not yet observed is too.
                    mostHeld.accumulateAndGet(shop.requests() - observed.getAndIncrement(), Math::max);
                    sleep(Duration.ofMillis(5)); // storing slower than fetching: fetched pages wait
                }
            };
            try (Engine engine = Engine.open(config)) {
                engine.syncTargets(config.allTargets());
                ExecutorService runs = Executors.newFixedThreadPool(groups.size());
                try {
                    List<Future<RunResult>> results = new ArrayList<>();
                    for (GroupConfig group : groups) {
                        results.add(runs.submit(() -> engine.run(engine.manualRequest(group, group.targets()), slowStore)));
                    }
                    for (Future<RunResult> result : results) {
                        RunResult done = result.get(60, TimeUnit.SECONDS);
                        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
                        assertThat(done.counts()).containsOnlyKeys(Outcome.OK);
                    }
                } finally {
                    runs.shutdownNow();
                }
            }
            assertThat(observed).hasValue(2L * 4 * window);
            // Both runs really overlapped and filled what they were given.
            assertThat(mostHeld.get()).isGreaterThan(window / 2).isLessThanOrEqualTo(window);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
