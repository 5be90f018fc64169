package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.time.Instant;

/**
 * What {@code targets} shows of one target: its newest main rank, the ranks to compare it with,
 * and what happened at its newest attempt. Immutable.
 *
 * @param target the target
 * @param marketplace the marketplace of the main category, or null without a rank
 * @param mainCategory the main category of the newest rank, or null without a rank
 * @param latest the newest main rank, or null when no attempt ever read one
 * @param previous the rank in the same category at the OK observation before {@code latest}, or null
 * @param reference the rank in the same category at the newest OK observation at or before the
 *     reference time (7 days ago for {@code targets}), or null
 * @param lastOutcome the outcome of the newest attempt, whatever it was, or null when never attempted
 * @param lastAttemptAt when the newest attempt finished, or null
 */
public record TargetSummary(StoredTarget target, String marketplace, String mainCategory, RankAt latest,
        RankAt previous, RankAt reference, Outcome lastOutcome, Instant lastAttemptAt) {

    /** The rank now minus the previous rank (negative: better), or null when either is unknown. */
    public Long changeSincePrevious() {
        return difference(previous);
    }

    /** The rank now minus the rank at the reference time (negative: better), or null. */
    public Long changeSinceReference() {
        return difference(reference);
    }

    private Long difference(RankAt earlier) {
        return latest == null || earlier == null ? null : latest.rank() - earlier.rank();
    }
}
