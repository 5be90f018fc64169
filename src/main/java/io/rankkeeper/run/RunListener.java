package io.rankkeeper.run;

import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Target;

/**
 * Hears about a run's progress (a progress bar, a summary table). Called from worker threads:
 * implementations must be thread-safe and quick.
 */
public interface RunListener {

    RunListener NONE = new RunListener() {
    };

    /** The run has started and will attempt {@code targets} targets. */
    default void started(String group, long runId, int targets) {
    }

    /** One target's attempt has been handed to the store. */
    default void observed(Target target, Observation observation) {
    }

    /** The run has ended. */
    default void finished(RunResult result) {
    }

    /** A listener that tells this one, then {@code other}. */
    default RunListener and(RunListener other) {
        RunListener first = this;
        return new RunListener() {
            @Override
            public void started(String group, long runId, int targets) {
                first.started(group, runId, targets);
                other.started(group, runId, targets);
            }

            @Override
            public void observed(Target target, Observation observation) {
                first.observed(target, observation);
                other.observed(target, observation);
            }

            @Override
            public void finished(RunResult result) {
                first.finished(result);
                other.finished(result);
            }
        };
    }
}
