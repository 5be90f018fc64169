package io.rankkeeper.store;

import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The rank history database: migrated by Flyway on open, written through batched transactions.
 * Thread-safe.
 */
public final class Store implements AutoCloseable {

    /** Opens (and migrates) the database; a clear {@link StoreException} when it cannot. */
    public static Store open(DatabaseSettings settings) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Upserts every configured target; targets in the database but not in the list become inactive. */
    public void syncTargets(Collection<Target> configured) {
        throw new UnsupportedOperationException("TODO");
    }

    public long startRun(RunStart start) {
        throw new UnsupportedOperationException("TODO");
    }

    public void finishRun(long runId, Instant endedAt, RunStatus status, Map<Outcome, Integer> counts) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Marks runs left RUNNING by a dead process as INTERRUPTED; returns how many. */
    public int markDanglingRunsInterrupted(String node) {
        throw new UnsupportedOperationException("TODO");
    }

    /** A batching writer for one run's observations. */
    public ObservationWriter openWriter() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() {
    }

    /** Batches observations into transactions; thread-safe. */
    public interface ObservationWriter extends AutoCloseable {
        void add(Observation observation);

        /** Commits everything added so far. */
        void flush();

        @Override
        void close();
    }
}
