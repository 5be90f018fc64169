package io.rankkeeper.store;

import io.rankkeeper.model.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues observations and commits them from one writer thread, in transactions of up to
 * {@code batchSize} observations, at the latest {@code maxDelay} after the first one queued.
 * {@link #add} only queues (it blocks only when the queue holds {@link #MAX_QUEUED_BATCHES}
 * batches, so memory stays bounded when the database is slower than the producers). A failed
 * batch is retried; when it keeps failing, the writer fails: every later call throws.
 * Thread-safe.
 */
final class BatchingObservationWriter implements Store.ObservationWriter {

    /** Observation ids taken from the sequence per round trip; equals the sequence increment. */
    static final int ID_BLOCK_SIZE = 500;
    static final int DEFAULT_BATCH_SIZE = 500;
    static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(200);
    static final int MAX_QUEUED_BATCHES = 8;
    static final int WRITE_ATTEMPTS = 3;
    static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(BatchingObservationWriter.class);
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final ObservationBatch batch;
    private final TargetIds targetIds;
    private final int batchSize;
    private final long maxDelayNanos;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final Condition progressMade = lock.newCondition();
    private List<Observation> queued = new ArrayList<>();
    private long queuedSince;
    private long added;
    private long done;
    private long duplicates;
    private boolean flushWanted;
    private boolean closing;
    private StoreException failure;

    BatchingObservationWriter(ObservationBatch batch, TargetIds targetIds, int batchSize, Duration maxDelay) {
        this.batch = batch;
        this.targetIds = targetIds;
        this.batchSize = batchSize;
        this.maxDelayNanos = maxDelay.toNanos();
        this.thread = new Thread(this::writeLoop, "store-writer-" + THREAD_NUMBER.incrementAndGet());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void add(Observation observation) {
        // fail fast, in the caller's thread, for a target that was never synced
        targetIds.require(observation.targetKey());
        lock.lock();
        try {
            while (failure == null && !closing && queued.size() >= batchSize * MAX_QUEUED_BATCHES) {
                progressMade.await();
            }
            throwIfUnusable();
            if (queued.isEmpty()) {
                queuedSince = System.nanoTime();
            }
            queued.add(observation);
            added++;
            // the first one starts the writer's max-delay clock; a full batch ends its wait
            if (queued.size() == 1 || queued.size() >= batchSize) {
                workArrived.signal();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the observation writer to catch up", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits through an interrupt, which it keeps for the caller: a run that is told to stop
     * while its last batch is being committed still closes its books (a flush that gave up on
     * the interrupt left the run's row RUNNING after a clean stop). The commit itself is
     * bounded: a failing one ends the wait with its failure.
     */
    @Override
    public void flush() {
        boolean interrupted = false;
        lock.lock();
        try {
            long wanted = added;
            flushWanted = true;
            workArrived.signal();
            while (done < wanted && failure == null) {
                try {
                    progressMade.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long ignoredDuplicates() {
        lock.lock();
        try {
            return duplicates;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            flush();
        } finally {
            lock.lock();
            try {
                closing = true;
                workArrived.signal();
            } finally {
                lock.unlock();
            }
            try {
                thread.join(CLOSE_TIMEOUT.toMillis());
                if (thread.isAlive()) {
                    LOG.warn("Observation writer thread {} did not stop within {}", thread.getName(), CLOSE_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void throwIfUnusable() {
        if (failure != null) {
            throw failure;
        }
        if (closing) {
            throw new IllegalStateException("the observation writer is closed");
        }
    }

    private void writeLoop() {
        while (true) {
            List<Observation> next;
            lock.lock();
            try {
                next = awaitBatch();
                if (next == null) {
                    return;
                }
            } catch (InterruptedException e) {
                LOG.warn("Observation writer {} interrupted; {} observations not written", thread.getName(),
                        queued.size());
                failure = new StoreException("The observation writer was interrupted");
                progressMade.signalAll();
                return;
            } finally {
                lock.unlock();
            }
            int ignored;
            try {
                ignored = writeWithRetries(next);
            } catch (RuntimeException e) {
                lock.lock();
                try {
                    failure = e instanceof StoreException store ? store
                            : new StoreException("Writing " + next.size() + " observations failed: " + e.getMessage()
                                    + ". They were not stored; check the database log and free space.", e);
                    progressMade.signalAll();
                } finally {
                    lock.unlock();
                }
                LOG.error("Observation writer {} failed; {} observations not stored", thread.getName(), next.size(), e);
                return;
            }
            lock.lock();
            try {
                done += next.size();
                duplicates += ignored;
                progressMade.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The next batch to write, or null when closing with nothing left. Holds the lock. */
    private List<Observation> awaitBatch() throws InterruptedException {
        while (true) {
            if (!queued.isEmpty()) {
                long waited = System.nanoTime() - queuedSince;
                if (queued.size() >= batchSize || flushWanted || closing || waited >= maxDelayNanos) {
                    return takeBatch();
                }
                workArrived.awaitNanos(maxDelayNanos - waited);
            } else if (closing) {
                return null;
            } else {
                flushWanted = false;
                workArrived.await();
            }
        }
    }

    private List<Observation> takeBatch() {
        List<Observation> next;
        if (queued.size() <= batchSize) {
            next = queued;
            queued = new ArrayList<>();
        } else {
            next = new ArrayList<>(queued.subList(0, batchSize));
            queued = new ArrayList<>(queued.subList(batchSize, queued.size()));
            queuedSince = System.nanoTime();
        }
        if (queued.isEmpty()) {
            flushWanted = false;
        }
        progressMade.signalAll();
        return next;
    }

    private int writeWithRetries(List<Observation> observations) {
        for (int attempt = 1; ; attempt++) {
            try {
                return batch.write(observations);
            } catch (StoreException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= WRITE_ATTEMPTS) {
                    throw e;
                }
                // a concurrent writer of the same (target, scheduled_at) or a passing connection
                // problem: the transaction was rolled back, so the whole batch can be written again
                LOG.warn("Writing {} observations failed (attempt {} of {}), retrying: {}", observations.size(),
                        attempt, WRITE_ATTEMPTS, e.getMessage());
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis() * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
