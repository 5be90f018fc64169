package io.rankkeeper.store;

import java.time.Instant;

/** A rank and when it was observed. Immutable. */
public record RankAt(long rank, Instant observedAt) {
}
