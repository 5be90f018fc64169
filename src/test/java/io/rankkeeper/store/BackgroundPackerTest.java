package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Packing after a run on a thread of its own: one pass per burst of requests, failures kept quiet, a bounded close. */
class BackgroundPackerTest {

    @Test
    void aRequestPacksOnThePackerThreadAndAwaitWaitsForIt() {
        List<String> threads = new CopyOnWriteArrayList<>();
        try (BackgroundPacker packer = new BackgroundPacker(() -> {
            threads.add(Thread.currentThread().getName());
            return 5;
        })) {
            packer.request();
            packer.await();

            assertThat(threads).hasSize(1);
            assertThat(threads.get(0)).startsWith("rankkeeper-packer-").isNotEqualTo(Thread.currentThread().getName());
            assertThat(packer.packed()).isEqualTo(5);
        }
    }

    @Test
    void requestsDuringAPassGetOneMorePassAfterIt() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (BackgroundPacker packer = new BackgroundPacker(() -> {
            if (passes.incrementAndGet() == 1) {
                firstStarted.countDown();
                awaitQuietly(release);
            }
            return 1;
        })) {
            packer.request();
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            // three runs end while the first pass runs: their attempts need one pass after it, not three
            packer.request();
            packer.request();
            packer.request();
            release.countDown();
            packer.await();

            assertThat(passes).hasValue(2);
            assertThat(packer.packed()).isEqualTo(2);
        }
    }

    @Test
    void aFailedPassIsNotThrownAndTheNextRequestPacks() {
        AtomicInteger passes = new AtomicInteger();
        try (BackgroundPacker packer = new BackgroundPacker(() -> {
            if (passes.incrementAndGet() == 1) {
                throw new StoreException("Could not pack stored attempts into history_block: disk full");
            }
            return 3;
        })) {
            packer.request();
            packer.await();
            packer.request();
            packer.await();

            assertThat(passes).hasValue(2);
            assertThat(packer.packed()).isEqualTo(3);
        }
    }

    @Test
    void closeLetsARunningPassFinishAndLaterRequestsDoNothing() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        BackgroundPacker packer = new BackgroundPacker(() -> {
            passes.incrementAndGet();
            started.countDown();
            sleepQuietly(Duration.ofMillis(300));
            finished.set(true);
            return 7;
        });
        packer.request();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        packer.close(Duration.ofSeconds(10));

        assertThat(finished).isTrue();
        packer.request();
        packer.await();
        assertThat(passes).hasValue(1);
        assertThat(packer.packed()).isEqualTo(7);
    }

    @Test
    void closeStopsAPassThatOutlastsItsPatience() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        BackgroundPacker packer = new BackgroundPacker(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return 0;
        });
        packer.request();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        packer.close(Duration.ofMillis(200));

        assertThat(interrupted).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
