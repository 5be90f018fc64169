package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which part of the history {@link Store#exportHistory} reads. Empty lists and a null bound
 * mean "no restriction". Immutable.
 *
 * @param since only observations at or after this instant, or null
 * @param until only observations before this instant, or null
 * @param targetKeys only these targets
 * @param groups only targets of these groups
 * @param outcomes only observations with these outcomes
 */
public record HistoryFilter(Instant since, Instant until, List<String> targetKeys, List<String> groups,
        Set<Outcome> outcomes) {

    public HistoryFilter {
        targetKeys = List.copyOf(targetKeys);
        groups = List.copyOf(groups);
        outcomes = Set.copyOf(outcomes);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
        }
    }

    /** The whole history. */
    public static HistoryFilter everything() {
        return new HistoryFilter(null, null, List.of(), List.of(), Set.of());
    }
}
