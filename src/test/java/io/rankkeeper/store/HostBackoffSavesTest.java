package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs of several groups end at once and each saves the fetcher's per-host backoff. */
class HostBackoffSavesTest {

    private static final int SAVES_PER_RUN = 100;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void runsEndingAtOnceSaveTheBackoffWithoutAUniqueKeyViolation(DatabaseKind kind) throws Exception {
        try (FreshDatabase database = FreshDatabase.create(kind); Store store = Store.open(database.settings())) {
            Instant until = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Map<String, Instant> backoffs = Map.of("a.example:8080", until, "b.example", until.plusSeconds(60));
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                runs.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int save = 0; save < SAVES_PER_RUN; save++) {
                        store.saveHostBackoffs(backoffs);
                    }
                }));
            }
            start.countDown();
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();

            assertThat(store.hostBackoffs()).isEqualTo(backoffs);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void clusterNodesSavingAtOnceNeverBreakTheUniqueKey(DatabaseKind kind) throws Exception {
        try (FreshDatabase database = FreshDatabase.create(kind); Store nodeA = Store.open(database.settings());
                Store nodeB = Store.open(database.settings())) {
            Instant until = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Map<String, Instant> backoffs = Map.of("a.example:8080", until, "b.example", until.plusSeconds(60));
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> nodes = new ArrayList<>();
            for (Store node : List.of(nodeA, nodeB)) {
                nodes.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int save = 0; save < SAVES_PER_RUN; save++) {
                        node.saveHostBackoffs(backoffs);
                    }
                }));
            }
            start.countDown();
            CompletableFuture.allOf(nodes.toArray(CompletableFuture[]::new)).join();

            assertThat(nodeA.hostBackoffs()).isEqualTo(backoffs);
        }
    }
}
