package io.rankkeeper.store;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Store#packHistory} on a thread of its own, so that a run ends, and the next one
 * writes, while the attempts of the last one are packed. The packer was built to work beside
 * writers (writers wait only for its appending, see {@link HistoryPacker#pass}); packing after
 * each run in the run's own thread left one of two cores idle: the benchmark's writer waited
 * for the packer 30 % of the time (async-profiler, wall clock). Requests made while one waits to
 * start are one request; a request made while a pass runs gets a pass after it (the newest run's
 * attempts were not in its span). A failure is logged, never thrown: the history stays complete
 * without packing, only its reads are slower until a later pass. Thread-safe.
 */
final class BackgroundPacker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPacker.class);
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final LongSupplier pack;
    private final ExecutorService thread;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong packed = new AtomicLong();

    BackgroundPacker(LongSupplier pack) {
        this.pack = pack;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread packer = new Thread(runnable, "rankkeeper-packer-" + THREAD_NUMBER.incrementAndGet());
            packer.setDaemon(true);
            return packer;
        });
    }

    /** Asks for a pass; returns at once. Does nothing once closed. */
    void request() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(this::packNow);
        } catch (RejectedExecutionException closed) {
            queued.set(false);
        }
    }

    private void packNow() {
        queued.set(false);
        try {
            long now = pack.getAsLong();
            if (now > 0) {
                packed.addAndGet(now);
                LOG.info("Packed {} stored attempts into history_block", now);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not pack stored attempts into history_block (the history stays complete, reads of it"
                    + " are slower until the next run packs them): {}", e.getMessage());
        }
    }

    /** Attempts packed by this packer so far. */
    long packed() {
        return packed.get();
    }

    /** Waits until the passes asked for so far are done; returns at once when closed. */
    void await() {
        try {
            thread.submit(() -> { }).get();
        } catch (RejectedExecutionException closed) {
            // nothing more will run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("An empty task failed", e);
        }
    }

    /**
     * Lets a pass that runs or waits finish for up to {@code patience}, then interrupts it (its
     * transaction is rolled back; a later process packs those attempts). Call before the
     * database closes.
     */
    void close(Duration patience) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Packing stored attempts took longer than {} s at close; stopped it (a later run packs"
                        + " them)", patience.toSeconds());
                thread.shutdownNow();
                thread.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(60));
    }
}
